// Signed webhook delivery (PROTOCOL.md §8, Meta's "Webhooks" docs:
// https://developers.facebook.com/docs/whatsapp/cloud-api/guides/set-up-webhooks).
// Each business's deliveries go out one at a time, in order; a failed one is
// retried with exponential backoff on the virtual clock, for up to 7 days
// after its first attempt.

import { createHmac } from 'node:crypto';
import { request } from './http.ts';
import type { Business } from './business.ts';
import type { Work } from './work.ts';

/** What deliveries need of the World that owns them: its clock, its background work, and the CA it trusts. */
export interface WebhookHost {
  readonly nowMs: number;
  readonly work: Work;
  readonly wiring?: { readonly trustedCa?: string };
}

const ATTEMPT_TIMEOUT_MS = 5_000;
const FIRST_RETRY_MS = 30_000;
const RETRY_FOR_MS = 7 * 86_400_000;

interface Delivery {
  business: Business;
  body: string;
  firstAttemptMs?: number;
  attempts: number;
  dueMs: number;
}

/** The `value` of a `messages` change: what every webhook carries under metadata. */
export function changeValue(b: Business, extra: Record<string, unknown>): Record<string, unknown> {
  return { messaging_product: 'whatsapp', metadata: { display_phone_number: b.display, phone_number_id: b.phoneNumberId }, ...extra };
}

export class Webhooks {
  private readonly retries: Delivery[] = [];
  private readonly queues = new Map<string, Delivery[]>();

  constructor(private readonly world: WebhookHost) {}

  send(business: Business, value: Record<string, unknown>): void {
    const body = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ id: business.wabaId, changes: [{ field: 'messages', value }] }] });
    this.enqueue({ business, body, attempts: 0, dueMs: this.world.nowMs });
  }

  /** Called after every clock advance: retries that fell due go out again (PROTOCOL.md §3). */
  runDue(): void {
    const due = this.retries.filter((d) => d.dueMs <= this.world.nowMs);
    for (const d of due) {
      this.retries.splice(this.retries.indexOf(d), 1);
      this.enqueue(d);
    }
  }

  private enqueue(d: Delivery): void {
    const key = d.business.phoneNumberId;
    const queue = this.queues.get(key);
    if (queue) {
      queue.push(d);
      return;
    }
    this.queues.set(key, [d]);
    this.world.work.spawn('webhook delivery', () => this.drain(key));
  }

  private async drain(key: string): Promise<void> {
    const queue = this.queues.get(key)!;
    while (queue.length > 0) {
      const d = queue.shift()!;
      if (!(await this.attempt(d))) this.scheduleRetry(d);
    }
    this.queues.delete(key);
  }

  private async attempt(d: Delivery): Promise<boolean> {
    d.firstAttemptMs ??= this.world.nowMs;
    d.attempts++;
    // The signature is over exactly the bytes sent.
    const signature = createHmac('sha256', d.business.appSecret).update(d.body).digest('hex');
    try {
      const res = await request('POST', d.business.webhookUrl, {
        headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${signature}` },
        body: d.body,
        ca: this.world.wiring?.trustedCa,
        timeoutMs: ATTEMPT_TIMEOUT_MS,
      });
      return res.status >= 200 && res.status < 300;
    } catch {
      return false; // refused, reset, or no answer in time
    }
  }

  private scheduleRetry(d: Delivery): void {
    const dueMs = this.world.nowMs + FIRST_RETRY_MS * 2 ** (d.attempts - 1);
    if (dueMs > d.firstAttemptMs! + RETRY_FOR_MS) return; // 7 days after the first attempt: given up
    this.retries.push({ ...d, dueMs });
  }
}
