import type { Outbox } from './outbox.ts';
import type { Runtime } from './runtime.ts';
import type { Telemetry } from './telemetry.ts';
import type { Business, OutboundStatus } from './types.ts';
import type { BillingNotice } from './visibility-types.ts';
import { statusWebhook } from './webhooks.ts';
import { opaqueDataFor } from './opaque-data.ts';

// Billing notices from the transport (PROTOCOL §5.1): shown to the business
// as `pricing` on a status webhook, counted into per-business totals, and
// nothing else.
export class Billing {
  constructor(
    private readonly rt: Runtime,
    private readonly outbox: Outbox,
    private readonly telemetry: Telemetry,
  ) {}

  /** false when the message is not one this business sent. */
  notice(business: Business, n: BillingNotice): boolean {
    const msg = this.rt
      .stmt("SELECT status, consumer_sealed FROM messages WHERE id = ? AND business = ? AND direction = 'out'")
      .get(n.message_id, business.phone_number_id) as { status: OutboundStatus; consumer_sealed: Buffer } | undefined;
    if (!msg) return false;
    this.telemetry.billed(business, n);
    const pricing = this.rt.seams.statusPricing(n);
    // A pending message has had no status yet: it is `sent` once the transport bills it.
    if (msg.status === 'failed') return true;
    const status = msg.status === 'pending' ? 'sent' : msg.status;
    this.outbox.enqueue(
      business,
      statusWebhook(business, { id: n.message_id, status, timestampSeconds: this.rt.nowSeconds(), recipient: this.rt.open(msg.consumer_sealed).toString('utf8'), ...(pricing ? { pricing: { ...pricing } } : {}), ...opaqueDataFor(this.rt, n.message_id, status) }, this.rt.seams.webhookTimestamp),
    );
    return true;
  }
}
