// Webhook delivery: signed POSTs to each business's callback, one at a time
// per business so a message's statuses arrive in the order they happened,
// retried with growing backoff on the mock's clock, given up 7 days after
// the first attempt. Also the verification handshake a callback must pass
// before it is used.

import { createHmac, randomBytes } from 'node:crypto';
import type { Business, MockState } from './state.ts';

const ATTEMPT_TIMEOUT_MS = 5_000;
const FIRST_RETRY_MS = 60_000;
const LONGEST_RETRY_MS = 6 * 60 * 60 * 1000;
export const GIVE_UP_AFTER_MS = 7 * 24 * 60 * 60 * 1000;

/** The wait before retry number `failures` (1, 2, …): 1 min, 2 min, 4 min … up to 6 h. */
export const backoffMs = (failures: number): number => Math.min(FIRST_RETRY_MS * 2 ** (failures - 1), LONGEST_RETRY_MS);

export const signature = (appSecret: string, body: string): string => `sha256=${createHmac('sha256', appSecret).update(body, 'utf8').digest('hex')}`;

interface Delivery {
  seq: number;
  business: Business;
  body: string;
  dueMs: number;
  failures: number;
  firstAttemptMs?: number;
}

export class WebhookQueue {
  private queue: Delivery[] = [];
  /** phone number id → the delivery in flight for it. */
  private readonly busy = new Map<string, Delivery>();
  private seq = 0;
  /** Bumped on reset: answers to deliveries started before it are ignored. */
  private generation = 0;

  constructor(private readonly state: MockState) {}

  /** Queues one notification for `business`; a business whose callback is not verified gets nothing. */
  send(business: Business, payload: unknown): void {
    if (!business.active) return;
    this.queue.push({ seq: this.seq++, business, body: JSON.stringify(payload), dueMs: this.state.nowMs, failures: 0 });
    this.pump();
  }

  /** Nothing in flight and nothing due at the mock's current time. */
  idle(): boolean {
    return this.busy.size === 0 && !this.queue.some((d) => d.dueMs <= this.state.nowMs);
  }

  counts(): { queued: number; in_flight: number } {
    return { queued: this.queue.length, in_flight: this.busy.size };
  }

  clear(): void {
    this.queue = [];
    this.busy.clear();
    this.generation++;
  }

  /** Starts the earliest due delivery of every business that has none in flight. */
  pump(): void {
    const now = this.state.nowMs;
    for (const d of [...this.queue].sort((a, b) => a.seq - b.seq)) {
      const lane = d.business.phoneNumberId;
      if (d.dueMs > now || this.busy.has(lane)) continue;
      this.busy.set(lane, d);
      this.queue = this.queue.filter((q) => q !== d);
      void this.attempt(d, this.generation).finally(() => {
        // After a reset the lane may already carry a new business's delivery: leave that one be.
        if (this.busy.get(lane) === d) this.busy.delete(lane);
        this.pump();
      });
    }
  }

  private async attempt(d: Delivery, generation: number): Promise<void> {
    const startedAt = this.state.nowMs;
    d.firstAttemptMs ??= startedAt;
    let ok = false;
    try {
      const res = await fetch(d.business.webhookUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': signature(d.business.appSecret, d.body) },
        body: d.body,
        signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS),
      });
      await res.arrayBuffer();
      ok = res.status >= 200 && res.status < 300;
    } catch {
      // No answer, a reset connection or a timeout: a failed attempt like a 500.
    }
    if (ok || generation !== this.generation) return;
    d.failures++;
    d.dueMs = startedAt + backoffMs(d.failures);
    if (d.dueMs - d.firstAttemptMs <= GIVE_UP_AFTER_MS) this.queue.push(d);
  }
}

/** GET callback?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…: true only when the challenge comes back. */
export async function verifyCallback(business: Business): Promise<boolean> {
  const challenge = randomBytes(8).toString('hex');
  const url = new URL(business.webhookUrl);
  url.searchParams.set('hub.mode', 'subscribe');
  url.searchParams.set('hub.verify_token', business.verifyToken);
  url.searchParams.set('hub.challenge', challenge);
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(ATTEMPT_TIMEOUT_MS) });
    return res.status === 200 && (await res.text()).trim() === challenge;
  } catch {
    return false;
  }
}
