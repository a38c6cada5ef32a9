import { createHmac } from 'node:crypto';
import { GraphError } from './graph-errors.ts';
import type { PrivateKey, SessionRecord } from '@signalapp/libsignal-client';
import type { Business, Content, Envelope, OutboundStatus, ReceiptType, StatusError, StatusName, WebhookPayload } from './types.ts';
import type { BillingNotice, IntegritySignal, Pricing, TelemetryWindow } from './visibility-types.ts';
import { INBOUND_MEDIA_MS, MEDIA_URL_MS, REGIONS, RETENTION_MS, SIGNED_PREKEY_GRACE_MS, SIGNED_PREKEY_ROTATION_MS, WEBHOOK_RETRY_MS } from './durations.ts';

/** What the 24-hour window of one business–consumer pair may be judged from besides the last messages. */
export interface WindowHistory {
  /** The consumer's first message to the number still stored (ms). */
  firstInboundMs: number | undefined;
  /** When this life of the target began (virtual ms; -∞ when it began with a reset). */
  lifeStartMs: number;
}

/** Graph API requests and their answers. */
export interface GraphSeams {
  /** `contacts[0].wa_id` of the send response for the `to` the business sent. */
  waIdFor(to: string): string;
  /** Whether a valid token of business `owner` may act on phone number id `requested` of another business. */
  tenantAllows(owner: string, requested: string): boolean;
  /** The error for a request body that is not UTF-8 JSON. */
  unparseableBody(raw: Buffer): Error;
  /** Whether this implementation sends messages of `type` (else 131051). */
  supportsType(type: string): boolean;
  /** The text body that goes into the Signal plaintext of an outbound message. */
  outboundText(body: string): string;
  /** The content object carried in the Signal plaintext for an accepted send. */
  outboundContent(content: Content): Content;
  /** When the 24-hour window started, from the last inbound and outbound times (ms) and what else is known of the pair; undefined: closed. */
  windowStart(lastInboundMs: number | undefined, lastOutboundMs: number | undefined, history: WindowHistory): number | undefined;
  /** Whether a consumer's messages with business `other` count for the 24-hour window of business `owner`. */
  windowSharedWith(owner: string, other: string): boolean;
  /** Whether a message of this direction may be marked as read by the business. */
  markableAsRead(direction: 'in' | 'out'): boolean;
  /** The Graph error actually answered for one the API decided on. */
  answerError(error: GraphError): GraphError;
  /** Whether `region` is a documented data_localization_region. */
  validRegion(region: string): boolean;
  /** Whether a send to a consumer the business blocked is refused. */
  blockStopsSend(blocked: boolean): boolean;
  /** Whether a block recorded by business `blocker` stops a send of business `sender` to that consumer. */
  blockedFor(blocker: string, sender: string): boolean;
  /** Whether business `caller` may mark as read a message that business `owner` received. */
  markReadBy(owner: string, caller: string): boolean;
  /** Whether DELETE /{phone-number-id}/block_users lifts the block it answers success for. */
  unblockLifts(): boolean;
  /** Whether a media download URL issued at `issuedMs` still works at `nowMs` (`storedMs`: when its media was uploaded or received). */
  mediaUrlLive(issuedMs: number, nowMs: number, storedMs: number): boolean;
  /** The recipient's number (optional `+`, then digits) for a send's `to` as written; null refuses it. */
  recipientNumber(to: string): string | null;
  /** The token taken from an `access_token` query parameter (null: the parameter is not read). */
  queryAccessToken(token: string | null): string | null;
  /** Whether a send or settings body in this form, not JSON, is read. */
  formBodyAccepted(form: 'urlencoded' | 'multipart'): boolean;
  /** Whether this implementation sends interactive messages of `kind`. */
  supportsInteractive(kind: string): boolean;
  /** Whether media of phone number `owner` is served or deleted for `?phone_number_id=` `requested`. */
  mediaOfNumber(owner: string, requested: string): boolean;
  /** messaging_product of a media upload taken from the query string, when the form has none (null: not read). */
  uploadProductFromQuery(value: string | null): string | null;
  /** The most bytes an upload of a MIME type may have, given its documented limit. */
  mediaSizeLimit(documented: number): number;
  /** Whether DELETE /{media-id} removes the media it answers success for. */
  mediaDeleteRemoves(): boolean;
  /** Whether business `caller` may read or delete media uploaded by business `owner`. */
  mediaVisibleTo(owner: string, caller: string): boolean;
  /** Whether a request on a phone-number id no business has is served as the caller's own number (else refused). */
  unknownNumberServedAsOwn(): boolean;
  /** The error for a request whose method or path the Graph API does not serve. */
  unsupportedRequest(method: string, path: string): Error;
  /** Whether a send with context.message_id (a reply to that message) is taken. */
  replyContextAccepted(): boolean;
  /** Whether a text message with this preview_url is taken. */
  previewUrlAccepted(previewUrl: boolean): boolean;
  /** The most characters biz_opaque_callback_data may have, given its documented maximum. */
  opaqueDataLimit(documented: number): number;
  /** The fields answered for GET /{phone-number-id}, given those the number has. */
  phoneNumberFields(fields: Record<string, unknown>): Record<string, unknown>;
  /** Whether a template parameter of this `type` (text, currency, date_time, image, …) is taken. */
  templateParameterAccepted(type: string): boolean;
}

/** Consumer messages on their way to the business. */
export interface InboundSeams {
  /** The text body forwarded to the business for an inbound message. */
  inboundText(body: string): string;
  /** The webhook deliveries queued for one inbound message. */
  forwardInbound(webhook: WebhookPayload): WebhookPayload[];
  /** An inbound envelope already processed (same id, or libsignal's DuplicatedMessage). */
  replayedInbound(): 'drop' | 'forward-again';
  /** The message forwarded for an envelope that does not decrypt; null forwards nothing. */
  undecryptableInbound(): Record<string, unknown> | null;
  /** Whether a Whisper message older (lower counter) than one already seen from that sender is refused. */
  inboundInOrderOnly(): boolean;
}

/** The statuses a business is told of its messages. */
export interface StatusSeams {
  /** The statuses sent to the business for a receipt, given the message's current status. */
  statusesForReceipt(receipt: ReceiptType, current: OutboundStatus): StatusName[];
  /** The status error for a message the transport refused (PROTOCOL §4); null reports it `sent` instead. */
  refusedDeliveryError(reason: 'unknown_address' | 'undeliverable'): StatusError | null;
  /** The `errors` array of a `failed` status; undefined leaves it out. */
  failedStatusErrors(error: StatusError): StatusError[] | undefined;
  /** The biz_opaque_callback_data on a status of a message sent with `data`; undefined leaves it out. */
  echoedOpaqueData(data: string, status: StatusName): string | undefined;
  /** The `pricing` object of a status webhook for a billing notice; undefined leaves it out. */
  statusPricing(notice: BillingNotice): Pricing | undefined;
  /** The statuses for a receipt on a message whose `sent` is not stored yet, given those the receipt yields. */
  receiptOnUnsent(statuses: StatusName[]): StatusName[];
}

/** Webhook delivery: signatures, timestamps, retries, recipients, the verification handshake. */
export interface WebhookSeams {
  /** The X-Hub-Signature-256 header value for a webhook body. */
  signWebhook(appSecret: string, rawBody: Uint8Array): string;
  /** The `timestamp` string of a webhook message or status, from virtual-clock seconds. */
  webhookTimestamp(seconds: number): string;
  /** Delay before the next attempt after `failedAttempts` failures, or null to give up. */
  retryAfterMs(failedAttempts: number, sinceFirstAttemptMs: number): number | null;
  /** The secret a business's webhooks are signed with, given the other tenants' secrets. */
  signingSecret(own: string, others: readonly string[]): string;
  /** Whether the verification GET's answer activates the callback. */
  verificationAccepted(challenge: string, status: number, answer: string): boolean;
  /** The businesses whose webhook receives an event that belongs to `owner`. */
  webhookRecipients(owner: Business, all: readonly Business[]): Business[];
  /** Whether a queued webhook (`queued`) is dropped when the retries of another one (`givenUp`) about the same consumer end. */
  abandonedWith(givenUp: { business: string }, queued: { business: string }): boolean;
}

/** Signal sessions and keys. */
export interface SignalSeams {
  /** The queue a Signal operation waits in: operations on one key run one at a time. */
  signalQueueKey(session: string, operation: string): string;
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
  /** The ids of a batch of `count` new one-time prekeys, `next` being the lowest id never used (key-maintenance.ts). */
  preKeyRefillIds(next: number, count: number): number[];
  /** Whether the current signed prekey, `ageMs` old on the virtual clock, is replaced now. */
  signedPreKeyDue(ageMs: number): boolean;
  /** Whether a replaced signed prekey, retired `retiredMs` ago, is still kept so PreKey messages built on it decrypt. */
  retiredSignedPreKeyKept(retiredMs: number): boolean;
}

/** What a crash and restart keep. */
export interface RestartSeams {
  /** Whether a queued webhook that has failed `attempts` times is still queued after a restart. */
  keptOnRestart(attempts: number): boolean;
  /** Whether a queued webhook's failed attempts and first-attempt time survive a restart (else its backoff and 7 days start over). */
  retryScheduleKeptOnRestart(): boolean;
  /** Whether a business's identity key pair is what a restart comes back with (else a new one is made and published). */
  identityKeptOnRestart(): boolean;
  /** Whether Signal sessions survive a restart. */
  sessionsKeptOnRestart(): boolean;
  /**
   * Whether the Signal store writes of an inbound decrypt (session advance,
   * used prekey) commit in one transaction with the envelope's forwarded mark
   * and its webhook; else each commits on its own as libsignal makes it.
   */
  inboundWritesCommitTogether(): boolean;
  /** Whether an outbound message encrypted before (a restart since) is posted again as the envelope stored then, not encrypted anew. */
  storedEnvelopeReposted(): boolean;
}

/** What leaves the target for the transport and the rest of Meta. */
export interface VisibilitySeams {
  /** The JSON object posted to the transport for one encrypted message. */
  encodeEnvelope(envelope: Envelope, content: Content): Record<string, unknown>;
  /** Extra headers on the POST of one envelope to the transport. */
  transportHeaders(envelope: Envelope, content: Content): Record<string, string>;
  /** The JSON posted to the telemetry sink for one window: aggregate counts only. */
  telemetryPayload(window: TelemetryWindow): Record<string, unknown>;
  /** The body posted to the advertising sink for one window; null sends nothing. */
  adsPayload(window: TelemetryWindow): Buffer | null;
}

/** Integrity signals and rejections. */
export interface IntegritySeams {
  /** Where one integrity signal goes. */
  integritySignalDestinations(signal: IntegritySignal): Array<'transport' | 'telemetry'>;
  /** The integrity signal posted to the transport for one spam report (reporter's number given, never needed). */
  integritySignal(signal: IntegritySignal, reporter: string): Record<string, unknown>;
  /** The status error when the transport rejects a message for integrity. */
  integrityRejectionError(): StatusError;
  /** How long (virtual ms) a business sends nothing after an integrity rejection. */
  integrityBackoffMs(retryAfterMs: number): number;
}

/** TLS and production mode. */
export interface TlsSeams {
  /** Whether TLS connections the target makes check the peer's certificate. */
  verifyPeerCertificate(): boolean;
  /** Whether a plain http:// webhook URL is accepted, given whether the target runs in production mode. */
  plainWebhookAllowed(production: boolean): boolean;
}

/** Retention on the virtual clock. */
export interface RetentionSeams {
  /** Whether a message, media object or event `ageMs` old (virtual) is still kept and usable. */
  retained(ageMs: number): boolean;
  /** Whether uploaded media expires with the retention limit. */
  mediaExpires(): boolean;
  /** What remains at rest of a consumer once their last message is purged (null: nothing). */
  purgeRecord(number: string): string | null;
  /** Whether an undelivered message `ageMs` old is still queued for retransmission (else it fails and is purged). */
  retransmit(ageMs: number): boolean;
  /** Whether a message's biz_opaque_callback_data goes when the sweeper purges the message. */
  purgeOpaqueData(): boolean;
  /** Whether the media id of a file a consumer sent, received `ageMs` ago (virtual), still works. */
  inboundMediaLive(ageMs: number): boolean;
  /** Whether business `caller` may read the file a consumer sent to business `owner` by its media id. */
  inboundMediaVisibleTo(owner: string, caller: string): boolean;
  /** Whether reading a consumer's file by its media id starts its 7 days again. */
  inboundMediaRenewedOnRead(): boolean;
  /** The virtual time a message's 30 days count from, given when it was accepted and when this life of the target began. */
  retentionOrigin(storedMs: number, lifeStartMs: number): number;
  /** Whether a consumer's messages with business `other` keep what names the consumer in business `owner`'s records. */
  purgeWaitsFor(owner: string, other: string): boolean;
}

/** Data at rest and Local Storage. */
export interface AtRestSeams {
  /** The bytes written at rest for content, given its sealed and plain forms. */
  storedContent(sealed: Buffer, plain: Buffer): Buffer;
  /** The value stored for a consumer's number, given its keyed token. */
  consumerToken(keyed: string, number: string): string;
  /** The region whose store and key hold a business's data, given its registered region. */
  storeRegion(region: string): string;
  /** Whether a registered number's Local Storage region (null: off) may become `requested` without deregistering. */
  mayChangeRegion(current: string | null, requested: string | null): boolean;
  /** Whether an accepted settings.storage_configuration is kept (else it is answered and forgotten). */
  storageSettingsKept(): boolean;
  /** What a queued webhook's delivery lane stores: the consumer's token (clean) or their number. */
  outboxLane(token: string, consumer: string): string;
}

/**
 * The points where a fault (reference/faults/) may replace the reference's
 * behaviour. Each seam is one pure decision, so a fault changes exactly one
 * observable thing and the suite can prove it notices. The seams are grouped
 * by concern, and every fault overrides seams of one group only.
 */
export interface Seams
  extends GraphSeams,
    InboundSeams,
    StatusSeams,
    WebhookSeams,
    SignalSeams,
    RestartSeams,
    VisibilitySeams,
    IntegritySeams,
    TlsSeams,
    RetentionSeams,
    AtRestSeams {}

const RETRY_FIRST_MS = 30_000;

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

  // --- webhooks
  webhookTimestamp: (seconds) => String(seconds),
  // Exponential backoff; nothing is attempted later than 7 days after the first attempt (docs/cloud-api-rules.md#delivery-and-retries).
  retryAfterMs: (failed, since) => {
    const delay = RETRY_FIRST_MS * 2 ** (failed - 1);
    return since + delay > WEBHOOK_RETRY_MS ? null : delay;
  },
  signingSecret: (own) => own,
  keptOnRestart: () => true,
  verificationAccepted: (challenge, status, answer) => status === 200 && answer === challenge,

  // --- visibility, integrity, billing
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
  abandonedWith: () => false,
  retryScheduleKeptOnRestart: () => true,
  receiptOnUnsent: (statuses) => ['sent', ...statuses],

  // --- Signal end to end
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
  preKeyRefillIds: (next, count) => Array.from({ length: count }, (_, i) => next + i),
  signedPreKeyDue: (ageMs) => ageMs >= SIGNED_PREKEY_ROTATION_MS,
  retiredSignedPreKeyKept: (retiredMs) => retiredMs < SIGNED_PREKEY_GRACE_MS,
  identityKeptOnRestart: () => true,
  sessionsKeptOnRestart: () => true,
  inboundWritesCommitTogether: () => true,
  storedEnvelopeReposted: () => true,

  // --- Graph API
  tenantAllows: () => false,
  unparseableBody: () => new GraphError(100, 'The request body is not valid UTF-8 JSON.'),
  supportsType: () => true,
  outboundContent: (content) => content,
  windowStart: (lastInbound) => lastInbound,
  windowSharedWith: (owner, other) => owner === other,
  blockedFor: (blocker, sender) => blocker === sender,
  markReadBy: (owner, caller) => owner === caller,
  markableAsRead: (direction) => direction === 'in',
  answerError: (error) => error,
  validRegion: (region) => REGIONS.includes(region),
  blockStopsSend: (blocked) => blocked,
  mediaUrlLive: (issuedMs, nowMs) => nowMs - issuedMs <= MEDIA_URL_MS,
  // Plus signs, hyphens, parentheses and spaces are allowed in `to` (docs/cloud-api-rules.md#recipient-phone-number-forms).
  recipientNumber: (to) => (/^\+?[0-9 ()-]+$/.test(to) ? `${to.startsWith('+') ? '+' : ''}${to.replace(/[^0-9]/g, '')}` : null),
  queryAccessToken: (token) => token,
  formBodyAccepted: () => true,
  supportsInteractive: () => true,
  mediaOfNumber: (owner, requested) => owner === requested,
  uploadProductFromQuery: (value) => value,
  unblockLifts: () => true,
  mediaSizeLimit: (documented) => documented,
  mediaDeleteRemoves: () => true,
  mediaVisibleTo: (owner, caller) => owner === caller,
  unknownNumberServedAsOwn: () => false,
  unsupportedRequest: (method, path) => new GraphError(100, `Unsupported ${method} request: unknown path components ${path}`),
  replyContextAccepted: () => true,
  previewUrlAccepted: () => true,
  opaqueDataLimit: (documented) => documented,
  phoneNumberFields: (fields) => fields,
  templateParameterAccepted: () => true,

  // --- statuses
  refusedDeliveryError: (reason) => ({
    code: 131026,
    title: 'Message undeliverable',
    message: 'Message undeliverable',
    error_data: { details: reason === 'unknown_address' ? 'The recipient is not a WhatsApp user.' : 'The transport could not deliver the message to the recipient.' },
  }),
  failedStatusErrors: (error) => [error],
  echoedOpaqueData: (data) => data,

  // --- retention and Local Storage
  retained: (ageMs) => ageMs < RETENTION_MS,
  mediaExpires: () => true,
  purgeRecord: () => null,
  storedContent: (sealed) => sealed,
  consumerToken: (keyed) => keyed,
  storeRegion: (region) => region,
  retransmit: (ageMs) => ageMs < RETENTION_MS,
  mayChangeRegion: (current, requested) => current === requested,
  storageSettingsKept: () => true,
  purgeOpaqueData: () => true,
  outboxLane: (token) => token,
  inboundMediaLive: (ageMs) => ageMs < INBOUND_MEDIA_MS,
  inboundMediaVisibleTo: (owner, caller) => owner === caller,
  inboundMediaRenewedOnRead: () => false,
  retentionOrigin: (storedMs) => storedMs,
  purgeWaitsFor: (owner, other) => owner === other,
};

export const withOverrides = (overrides: Partial<Seams>): Seams => ({ ...cleanSeams, ...overrides });
