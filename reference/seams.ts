import { createHmac } from 'node:crypto';
import { GraphError } from './graph-errors.ts';
import type { Content, Envelope, OutboundStatus, ReceiptType, StatusName, WebhookPayload } from './types.ts';

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
  // --- Graph API (issue 3)
  /** Whether a valid token of business `owner` may act on phone number id `requested` of another business. */
  tenantAllows(owner: string, requested: string): boolean;
  /** The error for a request body that is not UTF-8 JSON. */
  unparseableBody(raw: Buffer): Error;
  /** Whether this implementation sends messages of `type` (else 131051). */
  supportsType(type: string): boolean;
  /** The content object carried in the Signal plaintext for an accepted send. */
  outboundContent(content: Content): Content;
  /** When the 24-hour window started, from the last inbound and outbound times (ms); undefined: closed. */
  windowStart(lastInboundMs: number | undefined, lastOutboundMs: number | undefined): number | undefined;
  /** Whether a message of this direction may be marked as read by the business. */
  markableAsRead(direction: 'in' | 'out'): boolean;
  /** The Graph error actually answered for one the API decided on. */
  answerError(error: GraphError): GraphError;
  /** Whether `region` is a documented data_localization_region. */
  validRegion(region: string): boolean;
  /** Whether a send to a consumer the business blocked is refused. */
  blockStopsSend(blocked: boolean): boolean;
  /** Whether a media download URL issued at `issuedMs` still works at `nowMs`. */
  mediaUrlLive(issuedMs: number, nowMs: number): boolean;
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
  // --- Graph API (issue 3)
  tenantAllows: () => false,
  unparseableBody: () => new GraphError(100, 'The request body is not valid UTF-8 JSON.'),
  supportsType: () => true,
  outboundContent: (content) => content,
  windowStart: (lastInbound) => lastInbound,
  markableAsRead: (direction) => direction === 'in',
  answerError: (error) => error,
  validRegion: (region) => REGIONS.includes(region),
  blockStopsSend: (blocked) => blocked,
  mediaUrlLive: (issuedMs, nowMs) => nowMs - issuedMs <= 5 * 60_000,
};

/** OpenAPI WhatsAppDataLocalizationRegion (CLOUD-API-FACTS §1). */
export const REGIONS = ['AE', 'AU', 'BH', 'BR', 'CA', 'CH', 'DE', 'GB', 'ID', 'IN', 'JP', 'KR', 'SG', 'ZA'];

export const withOverrides = (overrides: Partial<Seams>): Seams => ({ ...cleanSeams, ...overrides });
