// The Cloud API's durations and limits as the reference applies them: the
// windows and lifetimes Meta documents (docs/cloud-api-rules.md), the
// per-type length limits of a send and the Local Storage regions. The
// harness has the same values in harness/core/durations.ts; the reference
// keeps its own copy so that it never depends on the harness, and
// test/reference/durations.test.ts checks the two agree value by value.

export const SECOND_MS = 1_000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** The customer service window: free-form messages within 24 h of the consumer's last message (docs/cloud-api-rules.md#24-hour-customer-service-window). */
export const WINDOW_MS = 24 * HOUR_MS;
/** Maximum retention of messages, media and events (docs/cloud-api-rules.md#retention-30-days). */
export const RETENTION_MS = 30 * DAY_MS;
/** Webhook deliveries are retried for up to 7 days (docs/cloud-api-rules.md#delivery-and-retries). */
export const WEBHOOK_RETRY_MS = 7 * DAY_MS;
/** A media download URL lives 5 minutes (docs/cloud-api-rules.md#media-lifetimes). */
export const MEDIA_URL_MS = 5 * MINUTE_MS;
/** Media ids received in webhooks expire after 7 days (docs/cloud-api-rules.md#media-lifetimes). */
export const INBOUND_MEDIA_MS = 7 * DAY_MS;
/** PROTOCOL §12: the purge may trail a limit by the declared granularity, never more than an hour. */
export const MAX_GRANULARITY_MS = HOUR_MS;
/** PROTOCOL §13: a business's signed prekey is replaced every 7 virtual days. */
export const SIGNED_PREKEY_ROTATION_MS = 7 * DAY_MS;
/** PROTOCOL §13: a replaced signed prekey still serves PreKey messages built on it for 30 virtual days. */
export const SIGNED_PREKEY_GRACE_MS = 30 * DAY_MS;
/** PROTOCOL §4.1's retry-after of an integrity rejection, assumed when the transport names none. */
export const RETRY_AFTER_MS = HOUR_MS;

/** text.body: 1 to 4096 characters (docs/cloud-api-rules.md#limits-per-message-type). */
export const TEXT_BODY_MAX = 4096;
/** caption of image, video and document: at most 1024 characters. */
export const CAPTION_MAX = 1024;
/** Interactive messages: lengths in characters (a list's body may be longer than a button message's), counts of buttons, sections and rows. */
export const INTERACTIVE_LIMITS = { body: 1024, listBody: 4096, footer: 60, header: 60, buttons: 3, buttonTitle: 20, buttonId: 256, listButton: 20, sections: 10, sectionTitle: 24, rows: 10, rowTitle: 24, rowId: 200, rowDescription: 72, ctaText: 20 } as const;

/** The data_localization_region enum of Meta's OpenAPI description (docs/cloud-api-rules.md#local-storage). */
export const REGIONS: readonly string[] = ['AE', 'AU', 'BH', 'BR', 'CA', 'CH', 'DE', 'GB', 'ID', 'IN', 'JP', 'KR', 'SG', 'ZA'];
/** Where content lives with Local Storage off. */
export const DEFAULT_REGION = 'US';
