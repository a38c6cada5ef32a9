import { call } from './http-client.ts';
import type { Runtime } from './runtime.ts';
import type { Business, WebhookPayload } from './types.ts';
import { serialiseWebhook } from './webhooks.ts';

// Webhook delivery: a SQLite outbox drained by one loop per business, so a
// business's webhooks go out in order (best effort) while businesses proceed
// independently. Retries follow the virtual clock; their schedule is the
// retryAfterMs seam (exponential, given up 7 days after the first attempt).
// Real time bounds one attempt: the facts leave the ack timeout uncertain
// (3 s or 20 s), and the shorter one keeps a hung endpoint cheap.
const TIMEOUT_MS = 3_000;

interface Row {
  seq: number;
  business: string;
  body: Buffer;
  attempts: number;
  first_attempt_ms: number | null;
}

/** Meta key marking a business whose callback failed verification (PROTOCOL §2). */
export const inactiveKey = (phoneNumberId: string): string => `webhook_inactive:${phoneNumberId}`;

export class Outbox {
  private readonly loops = new Map<string, Promise<void>>();

  constructor(private readonly rt: Runtime) {}

  /** Queues one delivery; the caller's transaction decides whether it exists. */
  enqueue(business: Business, payload: WebhookPayload): void {
    const all = this.rt.stmt('SELECT * FROM businesses').all() as Business[];
    const body = serialiseWebhook(payload);
    for (const recipient of this.rt.seams.webhookRecipients(business, all)) {
      this.rt.stmt('INSERT INTO outbox (business, body, next_attempt_ms) VALUES (?, ?, ?)').run(recipient.phone_number_id, this.rt.seal(recipient.phone_number_id, body), this.rt.now());
    }
    // After the current synchronous work, so an enclosing transaction commits first.
    queueMicrotask(() => this.kick());
  }

  /** At start: what a crash may keep is exactly what is in the table (the seam decides what a faulty target forgets). */
  recover(): void {
    const rows = this.rt.stmt('SELECT seq, attempts FROM outbox').all() as { seq: number; attempts: number }[];
    for (const r of rows) if (!this.rt.seams.keptOnRestart(r.attempts)) this.rt.stmt('DELETE FROM outbox WHERE seq = ?').run(r.seq);
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
    // An unverified callback is never called (PROTOCOL §2): its events have nowhere to go.
    if (!b || this.rt.meta(inactiveKey(b.phone_number_id)) !== undefined) {
      this.rt.stmt('DELETE FROM outbox WHERE seq = ?').run(row.seq);
      return;
    }
    const others = (this.rt.stmt('SELECT app_secret FROM businesses WHERE phone_number_id <> ? ORDER BY phone_number_id').all(b.phone_number_id) as { app_secret: string }[]).map(
      (o) => o.app_secret,
    );
    const secret = this.rt.seams.signingSecret(b.app_secret, others);
    const startedAt = this.rt.now();
    const body = this.rt.open(row.body);
    let failure: string | null = null;
    try {
      const res = await call(this.rt, b.webhook_url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': this.rt.seams.signWebhook(secret, body) },
        body,
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
    const delay = this.rt.seams.retryAfterMs(row.attempts + 1, this.rt.now() - first);
    if (delay === null) {
      this.rt.stmt('DELETE FROM outbox WHERE seq = ?').run(row.seq);
      return;
    }
    this.rt
      .stmt('UPDATE outbox SET attempts = attempts + 1, first_attempt_ms = ?, next_attempt_ms = ?, last_error = ? WHERE seq = ?')
      .run(first, this.rt.now() + delay, failure, row.seq);
  }
}
