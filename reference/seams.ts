import { createHmac } from 'node:crypto';
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

  // --- webhooks (issue 4)
  /** The `timestamp` string of a webhook message or status, from virtual-clock seconds. */
  webhookTimestamp(seconds: number): string;
  /** Delay before the next attempt after `failedAttempts` failures, or null to give up. */
  retryAfterMs(failedAttempts: number, sinceFirstAttemptMs: number): number | null;
  /** The secret a business's webhooks are signed with, given the other tenants' secrets. */
  signingSecret(own: string, others: readonly string[]): string;
  /** Whether a queued webhook that has failed `attempts` times is still queued after a restart. */
  keptOnRestart(attempts: number): boolean;
  /** Whether the verification GET's answer activates the callback. */
  verificationAccepted(challenge: string, status: number, answer: string): boolean;
}

const RETRY_FIRST_MS = 30_000;
const RETRY_GIVE_UP_MS = 7 * 24 * 3600_000;

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

  // --- webhooks (issue 4)
  webhookTimestamp: (seconds) => String(seconds),
  // Exponential backoff; nothing is attempted later than 7 days after the first attempt (CLOUD-API-FACTS §4).
  retryAfterMs: (failed, since) => {
    const delay = RETRY_FIRST_MS * 2 ** (failed - 1);
    return since + delay > RETRY_GIVE_UP_MS ? null : delay;
  },
  signingSecret: (own) => own,
  keptOnRestart: () => true,
  verificationAccepted: (challenge, status, answer) => status === 200 && answer === challenge,
};

export const withOverrides = (overrides: Partial<Seams>): Seams => ({ ...cleanSeams, ...overrides });
