import { call } from './http-client.ts';
import type { Runtime } from './runtime.ts';
import type { Business, WebhookPayload } from './types.ts';
import { isStatusOnly, mergeKey, mergeStatusPayloads, serialiseWebhook, statusesOf, statusOnlyPayload } from './webhooks.ts';

// Webhook delivery: a SQLite outbox drained by one loop per business, so a
// business's webhooks go out in order (best effort) while businesses proceed
// independently. Retries follow the virtual clock; their schedule is the
// retryAfterMs seam (exponential, given up 7 days after the first attempt).
// Real time bounds one attempt: the facts leave the ack timeout uncertain
// (3 s or 20 s), and the shorter one keeps a hung endpoint cheap.
const TIMEOUT_MS = 3_000;
// A business's deliveries run in lanes, one per consumer: in order within a
// lane, up to WINDOW lanes at once, so one slow round trip does not cap a
// busy number's webhook rate (the facts do not promise order; per consumer
// we keep it anyway). After a failed attempt the business falls back to one
// delivery at a time until one succeeds, so an outage sees no burst.
const WINDOW = 128;
const SCAN = 256;
// Statuses in one merged delivery at most: a body stays well under 1 MB.
const MAX_STATUSES = 100;

interface Row {
  seq: number;
  business: string;
  body: Buffer;
  attempts: number;
  first_attempt_ms: number | null;
  lane: string;
  /** The opened body, once read. */
  plain?: Buffer;
  /** The parsed body when it carries statuses only (null: it carries something else). */
  payload?: WebhookPayload | null;
}

/** The consumer a webhook is about: its lane. */
function laneOf(payload: WebhookPayload): string {
  const value = (payload as { entry?: Array<{ changes?: Array<{ value?: { statuses?: Array<{ recipient_id?: unknown }>; messages?: Array<{ from?: unknown }> } }> }> }).entry?.[0]
    ?.changes?.[0]?.value;
  const who = value?.statuses?.[0]?.recipient_id ?? value?.messages?.[0]?.from;
  return typeof who === 'string' ? who : '';
}

/** Meta key marking a business whose callback failed verification (PROTOCOL §2). */
export const inactiveKey = (phoneNumberId: string): string => `webhook_inactive:${phoneNumberId}`;

export class Outbox {
  private readonly loops = new Map<string, Promise<void>>();
  /** Wakes a business's running loop when new work is queued for it. */
  private readonly wake = new Map<string, (row?: Row) => void>();

  constructor(private readonly rt: Runtime) {}

  /** Queues one delivery; the caller's transaction decides whether it exists. */
  enqueue(business: Business, payload: WebhookPayload): void {
    const all = this.rt.businesses();
    const body = serialiseWebhook(payload);
    // The lane is stored, so it is the consumer's token, never their number (a retry kept it at rest).
    const who = laneOf(payload);
    const lane = who === '' ? '' : this.rt.seams.outboxLane(this.rt.token(business.phone_number_id, who), who);
    const statusOnly = isStatusOnly(payload) ? payload : null;
    const now = this.rt.now();
    const queued: Row[] = [];
    for (const recipient of this.rt.seams.webhookRecipients(business, all)) {
      // Sealed at rest, as a webhook body carries content; the delivery opens it, whether it comes from memory or the table.
      const sealed = this.rt.seal(recipient.phone_number_id, body);
      const info = this.rt.stmt('INSERT INTO outbox (business, body, next_attempt_ms, lane) VALUES (?, ?, ?, ?)').run(recipient.phone_number_id, sealed, now, lane);
      // What the delivery needs is at hand: no opening or parsing it again while it is in memory.
      queued.push({ seq: Number(info.lastInsertRowid), business: recipient.phone_number_id, body: sealed, attempts: 0, first_attempt_ms: null, lane, plain: body, payload: statusOnly });
    }
    // After the current synchronous work, so an enclosing transaction commits
    // first (or rolls back: then the row is not there and is not handed on).
    queueMicrotask(() => {
      for (const row of queued) {
        if (this.loops.has(row.business)) {
          if (this.rt.stmt('SELECT 1 FROM outbox WHERE seq = ?').get(row.seq)) this.wake.get(row.business)?.(row);
        } else this.start(row.business);
      }
    });
  }

  /** At start: what a crash may keep is exactly what is in the table (the seam decides what a faulty target forgets). */
  recover(): void {
    const rows = this.rt.stmt('SELECT seq, attempts FROM outbox').all() as { seq: number; attempts: number }[];
    for (const r of rows) if (!this.rt.seams.keptOnRestart(r.attempts)) this.rt.stmt('DELETE FROM outbox WHERE seq = ?').run(r.seq);
    if (!this.rt.seams.retryScheduleKeptOnRestart()) this.rt.stmt('UPDATE outbox SET attempts = 0, first_attempt_ms = NULL').run();
  }

  /** Starts a loop for every business with a delivery due now. */
  kick(): void {
    const due = this.rt.stmt('SELECT DISTINCT business FROM outbox WHERE next_attempt_ms <= ?').all(this.rt.now()) as { business: string }[];
    for (const { business } of due) this.start(business);
  }

  private start(business: string): void {
    if (!this.loops.has(business)) this.loops.set(business, this.drain(business, this.rt.generation));
    else this.wake.get(business)?.();
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
    const inFlight = new Set<number>();
    const busyLanes = new Set<string>();
    // Due rows not yet started, in seq order. Re-read only when it may be
    // stale, not after every delivery or enqueue: at a thousand webhooks a
    // second that query dominated the reference's profile.
    let backlog: Row[] = [];
    let complete = false; // the last read saw every due row
    let stale = true;
    let healthy = true;
    let lastSeq = 0; // the highest row the backlog has seen: a row read already is not added twice
    let signal: (() => void) | undefined;
    const poke = () => {
      const s = signal;
      signal = undefined;
      s?.();
    };
    this.wake.set(business, (row) => {
      // A new row joins a backlog that holds every due row; anything else means read again.
      if (row && complete && !stale) {
        if (row.seq > lastSeq) {
          backlog.push(row);
          lastSeq = row.seq;
        }
      } else if (!row || complete) stale = true;
      poke();
    });
    try {
      for (;;) {
        if (generation !== this.rt.generation) return;
        const limit = healthy ? WINDOW : 1;
        if (inFlight.size < limit) {
          if (stale || (!complete && backlog.length < WINDOW)) {
            const rows = this.rt
              .stmt('SELECT seq, business, body, attempts, first_attempt_ms, lane FROM outbox WHERE business = ? AND next_attempt_ms <= ? ORDER BY seq LIMIT ?')
              .all(business, this.rt.now(), SCAN) as Row[];
            complete = rows.length < SCAN;
            stale = false;
            backlog = rows.filter((r) => !inFlight.has(r.seq));
            for (const r of rows) lastSeq = Math.max(lastSeq, r.seq);
          }
          // Lanes that cannot move in this pass: in flight, or holding back a row.
          const held = new Set(busyLanes);
          const left: Row[] = [];
          const groups: Row[][] = [];
          let group: Row[] | undefined;
          let groupLanes = new Set<string>();
          let groupStatuses = 0;
          for (const row of backlog) {
            if (held.has(row.lane)) {
              left.push(row);
              continue;
            }
            // Statuses due together go out as one delivery (PROTOCOL §8: a
            // delivery may carry several); under load that is most of them.
            const n = this.statusCount(row);
            if (group && groupStatuses > 0 && n > 0 && groupStatuses + n <= MAX_STATUSES && mergeKey(row.payload!) === mergeKey(group[0]!.payload!)) {
              group.push(row);
              groupLanes.add(row.lane);
              groupStatuses += n;
              continue;
            }
            for (const lane of groupLanes) held.add(lane);
            if (held.has(row.lane) || inFlight.size + groups.length >= limit) {
              held.add(row.lane);
              left.push(row);
              group = undefined;
              groupLanes = new Set();
              continue;
            }
            group = [row];
            groupLanes = new Set([row.lane]);
            groupStatuses = n;
            groups.push(group);
          }
          for (const g of groups) {
            const key = g[0]!.seq;
            for (const row of g) busyLanes.add(row.lane);
            inFlight.add(key);
            this.attempt(g, generation)
              .then(
                (ok) => {
                  healthy = ok;
                  // A failed row moved to a later attempt time: read again.
                  if (!ok) stale = true;
                },
                (e: unknown) => {
                  healthy = false;
                  stale = true;
                  process.emitWarning(`webhook ${key} for ${business}: ${(e as Error).message}`);
                },
              )
              .finally(() => {
                inFlight.delete(key);
                for (const row of g) busyLanes.delete(row.lane);
                poke();
              });
          }
          backlog = left;
        }
        if (inFlight.size === 0 && backlog.length === 0) {
          if (complete && !stale) return;
          stale = true;
          // Nothing running and nothing known: done unless a fresh read finds work.
          const any = this.rt.stmt('SELECT 1 FROM outbox WHERE business = ? AND next_attempt_ms <= ? LIMIT 1').get(business, this.rt.now());
          if (!any) return;
          continue;
        }
        // Until a delivery finishes or new work is queued, then one turn of
        // the event loop more, so what arrives together leaves together.
        await new Promise<void>((resolve) => (signal = resolve));
        await new Promise<void>((resolve) => setImmediate(resolve));
      }
    } catch (e) {
      process.emitWarning(`webhook loop for ${business} stopped: ${(e as Error).message}`);
    } finally {
      while (inFlight.size > 0) await new Promise<void>((resolve) => (signal = resolve));
      this.wake.delete(business);
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

  /** Retries of `row` end (7 days): it goes, and whatever the abandonedWith seam says goes with it. */
  private giveUp(row: Row): void {
    this.rt.stmt('DELETE FROM outbox WHERE seq = ?').run(row.seq);
    if (row.lane === '') return;
    for (const other of this.rt.stmt('SELECT seq, business FROM outbox WHERE lane = ?').all(row.lane) as { seq: number; business: string }[]) {
      if (this.rt.seams.abandonedWith({ business: row.business }, { business: other.business })) this.rt.stmt('DELETE FROM outbox WHERE seq = ?').run(other.seq);
    }
  }

  private remove(seqs: number[]): void {
    this.rt.db.transaction(() => {
      for (const seq of seqs) this.rt.stmt('DELETE FROM outbox WHERE seq = ?').run(seq);
    })();
  }

  /** How many statuses a row carries when it is a status-only webhook (0 otherwise), opening it once. */
  private statusCount(row: Row): number {
    if (row.payload === undefined) {
      row.plain ??= this.rt.open(row.body);
      row.payload = statusOnlyPayload(row.plain);
    }
    return row.payload === null ? 0 : statusesOf(row.payload).length;
  }

  /** One delivery attempt of one or more rows; true when the endpoint acknowledged it (or there was nothing to deliver). */
  private async attempt(rows: Row[], generation: number): Promise<boolean> {
    const row = rows[0]!;
    const seqs = rows.map((r) => r.seq);
    const b = this.rt.business(row.business);
    // An unverified callback is never called (PROTOCOL §2): its events have nowhere to go.
    if (!b || this.rt.meta(inactiveKey(b.phone_number_id)) !== undefined) {
      this.remove(seqs);
      return true;
    }
    const others = this.rt
      .businesses()
      .filter((o) => o.phone_number_id !== b.phone_number_id)
      .map((o) => o.app_secret);
    const secret = this.rt.seams.signingSecret(b.app_secret, others);
    const startedAt = this.rt.now();
    const body = rows.length === 1 ? (row.plain ?? this.rt.open(row.body)) : serialiseWebhook(mergeStatusPayloads(rows.map((r) => r.payload!)));
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
    if (generation !== this.rt.generation) return failure === null;
    if (failure === null) {
      this.remove(seqs);
      return true;
    }
    this.rt.db.transaction(() => {
      for (const r of rows) {
        const first = r.first_attempt_ms ?? startedAt;
        const delay = this.rt.seams.retryAfterMs(r.attempts + 1, this.rt.now() - first);
        if (delay === null) this.giveUp(r);
        else
          this.rt
            .stmt('UPDATE outbox SET attempts = attempts + 1, first_attempt_ms = ?, next_attempt_ms = ?, last_error = ? WHERE seq = ?')
            .run(first, this.rt.now() + delay, failure, r.seq);
      }
    })();
    return false;
  }
}
