import { createHmac } from 'node:crypto';
import type { Business, Content, Envelope, OutboundStatus, ReceiptType, StatusError, StatusName, WebhookPayload } from './types.ts';
import type { BillingNotice, IntegritySignal, Pricing, TelemetryWindow } from './visibility-types.ts';

/**
 * The points where a fault (reference/faults/) may replace the reference's
 * behaviour. Each seam is one pure decision, so a fault changes exactly one
 * observable thing and the suite can prove it notices.
 */
export interface Seams {
  /** `contacts[0].wa_id` of the send response for the `to` the business sent. */
  waIdFor(to: string): string;
  /** The text body that goes into the Signal plaintext of an outbound message. */
  outboundText(body: string): string;
  /** The JSON object posted to the transport for one encrypted message. */
  encodeEnvelope(envelope: Envelope, content: Content): Record<string, unknown>;
  /** The X-Hub-Signature-256 header value for a webhook body. */
  signWebhook(appSecret: string, rawBody: Uint8Array): string;
  /** The text body forwarded to the business for an inbound message. */
  inboundText(body: string): string;
  /** The webhook deliveries queued for one inbound message. */
  forwardInbound(webhook: WebhookPayload): WebhookPayload[];
  /** The statuses sent to the business for a receipt, given the message's current status. */
  statusesForReceipt(receipt: ReceiptType, current: OutboundStatus): StatusName[];
  // --- visibility, integrity, billing (issue 5)
  /** Extra headers on the POST of one envelope to the transport. */
  transportHeaders(envelope: Envelope, content: Content): Record<string, string>;
  /** The JSON posted to the telemetry sink for one window: aggregate counts only. */
  telemetryPayload(window: TelemetryWindow): Record<string, unknown>;
  /** The body posted to the advertising sink for one window; null sends nothing. */
  adsPayload(window: TelemetryWindow): Buffer | null;
  /** Where one integrity signal goes. */
  integritySignalDestinations(signal: IntegritySignal): Array<'transport' | 'telemetry'>;
  /** The integrity signal posted to the transport for one spam report (reporter's number given, never needed). */
  integritySignal(signal: IntegritySignal, reporter: string): Record<string, unknown>;
  /** The status error when the transport rejects a message for integrity. */
  integrityRejectionError(): StatusError;
  /** How long (virtual ms) a business sends nothing after an integrity rejection. */
  integrityBackoffMs(retryAfterMs: number): number;
  /** The `pricing` object of a status webhook for a billing notice; undefined leaves it out. */
  statusPricing(notice: BillingNotice): Pricing | undefined;
  /** The businesses whose webhook receives an event that belongs to `owner`. */
  webhookRecipients(owner: Business, all: readonly Business[]): Business[];
}

export const cleanSeams: Seams = {
  waIdFor: (to) => to.replace(/^\+/, ''),
  outboundText: (body) => body,
  // Only routing fields: content lives in `body` alone (PROTOCOL §4).
  encodeEnvelope: (e) => ({ id: e.id, from: e.from, to: e.to, type: e.type, body: e.body, timestamp: e.timestamp }),
  signWebhook: (secret, raw) => `sha256=${createHmac('sha256', secret).update(raw).digest('hex')}`,
  inboundText: (body) => body,
  forwardInbound: (webhook) => [webhook],
  statusesForReceipt: (receipt, current) => {
    if (current === 'failed' || current === 'read') return [];
    if (receipt === 'read') return ['read'];
    return current === 'delivered' ? [] : ['delivered'];
  },
  // --- visibility, integrity, billing (issue 5)
  transportHeaders: () => ({}),
  telemetryPayload: (w) => ({
    v: 0,
    period_end: Math.floor(w.endMs / 1000),
    businesses: w.businesses.map((b) => ({
      waba_id: b.wabaId,
      phone_number_id: b.phoneNumberId,
      messages_sent: b.sent,
      messages_received: b.received,
      billable_messages: b.billable,
    })),
  }),
  adsPayload: () => null,
  integritySignalDestinations: () => ['transport'],
  // Per business, per report: nothing about the reporter.
  integritySignal: (s) => ({ business: s.business, kind: s.kind, report_id: s.reportId, timestamp: s.timestamp }),
  integrityRejectionError: () => ({
    code: 131048,
    title: 'Spam rate limit hit',
    message: 'Spam rate limit hit',
    error_data: { details: 'Message failed to send because there are restrictions on how many messages can be sent from this phone number.' },
  }),
  integrityBackoffMs: (retryAfterMs) => retryAfterMs,
  statusPricing: (n) => ({ billable: n.billable, pricing_model: n.pricing_model, category: n.category }),
  webhookRecipients: (owner) => [owner],
};

export const withOverrides = (overrides: Partial<Seams>): Seams => ({ ...cleanSeams, ...overrides });
