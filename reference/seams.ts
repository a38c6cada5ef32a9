import { createHmac } from 'node:crypto';
import type { PrivateKey, SessionRecord } from '@signalapp/libsignal-client';
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
  // --- Signal end to end (issue 7)
  /** The queue a Signal operation waits in: operations on one key run one at a time. */
  signalQueueKey(session: string, operation: string): string;
  /** An inbound envelope already processed (same id, or libsignal's DuplicatedMessage). */
  replayedInbound(): 'drop' | 'forward-again';
  /** The message forwarded for an envelope that does not decrypt; null forwards nothing. */
  undecryptableInbound(): Record<string, unknown> | null;
  /** Whether a consumer's changed identity key is noticed (and the business notified). */
  noticeIdentityChange(previous: Uint8Array, current: Uint8Array): boolean;
  /** Whether a send's recipient_identity_key_hash is compared with the consumer's identity. */
  checkIdentityKeyHash(): boolean;
  /** Whether a one-time prekey is deleted once a PreKey message used it. */
  consumeOneTimePreKey(id: number): boolean;
  /** Whether an existing session can still encrypt at `nowMs` (30 days without a reply ends it). */
  sessionUsable(session: SessionRecord, nowMs: number): boolean;
  /** The signature over the Kyber prekey a business publishes. */
  signKyberPreKey(identity: PrivateKey, kyberPublic: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer>;
  /** Whether TLS connections the target makes check the peer's certificate. */
  verifyPeerCertificate(): boolean;
  /** Whether a Whisper message older (lower counter) than one already seen from that sender is refused. */
  inboundInOrderOnly(): boolean;
  /** Whether a plain http:// webhook URL is accepted, given whether the target runs in production mode. */
  plainWebhookAllowed(production: boolean): boolean;
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
  // --- Signal end to end (issue 7)
  signalQueueKey: (session) => session,
  replayedInbound: () => 'drop',
  undecryptableInbound: () => null,
  noticeIdentityChange: (previous, current) => !Buffer.from(previous).equals(Buffer.from(current)),
  checkIdentityKeyHash: () => true,
  consumeOneTimePreKey: () => true,
  sessionUsable: (session, nowMs) => session.hasCurrentState(new Date(nowMs)),
  signKyberPreKey: (identity, kyberPublic) => identity.sign(kyberPublic),
  verifyPeerCertificate: () => true,
  inboundInOrderOnly: () => false,
  plainWebhookAllowed: (production) => !production,
};

export const withOverrides = (overrides: Partial<Seams>): Seams => ({ ...cleanSeams, ...overrides });
