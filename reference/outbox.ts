import { call } from './http-client.ts';
import type { Runtime } from './runtime.ts';
import type { Business, WebhookPayload } from './types.ts';

// Webhook delivery: a SQLite outbox drained by one loop per business, so a
// business's webhooks go out in order (best effort) while businesses proceed
// independently. Retries follow the virtual clock.
const TIMEOUT_MS = 5_000;
const FIRST_BACKOFF_MS = 30_000;
const GIVE_UP_AFTER_MS = 7 * 24 * 3600_000;

interface Row {
  seq: number;
  business: string;
  body: Buffer;
  attempts: number;
  first_attempt_ms: number | null;
}

export class Outbox {
  private readonly loops = new Map<string, Promise<void>>();

  constructor(private readonly rt: Runtime) {}

  /** Queues one delivery; the caller's transaction decides whether it exists. */
  enqueue(business: Business, payload: WebhookPayload): void {
    this.rt
      .stmt('INSERT INTO outbox (business, body, next_attempt_ms) VALUES (?, ?, ?)')
      .run(business.phone_number_id, Buffer.from(JSON.stringify(payload)), this.rt.now());
    // After the current synchronous work, so an enclosing transaction commits first.
    queueMicrotask(() => this.kick());
  }

  /** Starts a loop for every business with a delivery due now. */
  kick(): void {
    const due = this.rt.stmt('SELECT DISTINCT business FROM outbox WHERE next_attempt_ms <= ?').all(this.rt.now()) as { business: string }[];
    for (const { business } of due) {
      if (!this.loops.has(business)) this.loops.set(business, this.drain(business, this.rt.generation));
    }
  }

  running(): boolean {
    return this.loops.size > 0;
  }

  /** No delivery running and none due at the current virtual time. */
  idle(): boolean {
    if (this.loops.size > 0) return false;
    const due = this.rt.stmt('SELECT 1 FROM outbox WHERE next_attempt_ms <= ? LIMIT 1').get(this.rt.now());
    if (due) this.kick();
    return !due;
  }

  private async drain(business: string, generation: number): Promise<void> {
    try {
      for (;;) {
        if (generation !== this.rt.generation) return;
        const row = this.rt
          .stmt('SELECT seq, business, body, attempts, first_attempt_ms FROM outbox WHERE business = ? AND next_attempt_ms <= ? ORDER BY seq LIMIT 1')
          .get(business, this.rt.now()) as Row | undefined;
        if (!row) return;
        await this.attempt(row, generation);
      }
    } catch (e) {
      process.emitWarning(`webhook loop for ${business} stopped: ${(e as Error).message}`);
    } finally {
      this.loops.delete(business);
      // A reset while this loop ran may have queued rows it must not take.
      if (generation !== this.rt.generation) {
        try {
          this.kick();
        } catch {
          // The database closed under us (shutdown): nothing left to deliver.
        }
      }
    }
  }

  private async attempt(row: Row, generation: number): Promise<void> {
    const b = this.rt.stmt('SELECT * FROM businesses WHERE phone_number_id = ?').get(row.business) as Business | undefined;
    if (!b) {
      this.rt.stmt('DELETE FROM outbox WHERE seq = ?').run(row.seq);
      return;
    }
    const startedAt = this.rt.now();
    let failure: string | null = null;
    try {
      const res = await call(this.rt, b.webhook_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': this.rt.seams.signWebhook(b.app_secret, row.body) },
        body: row.body,
        timeoutMs: TIMEOUT_MS,
      });
      if (res.status < 200 || res.status > 299) failure = `HTTP ${res.status}`;
    } catch (e) {
      failure = (e as Error).message;
    }
    if (generation !== this.rt.generation) return;
    if (failure === null) {
      this.rt.stmt('DELETE FROM outbox WHERE seq = ?').run(row.seq);
      return;
    }
    const first = row.first_attempt_ms ?? startedAt;
    const next = this.rt.now() + FIRST_BACKOFF_MS * 2 ** row.attempts;
    if (next > first + GIVE_UP_AFTER_MS) {
      this.rt.stmt('DELETE FROM outbox WHERE seq = ?').run(row.seq);
      return;
    }
    this.rt
      .stmt('UPDATE outbox SET attempts = attempts + 1, first_attempt_ms = ?, next_attempt_ms = ?, last_error = ? WHERE seq = ?')
      .run(first, next, failure, row.seq);
  }
}
