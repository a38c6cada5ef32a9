// The Cloud API's durations and limits, in one place for cases, fuzz
// commands, generators and harness modules alike: time units, the windows
// and lifetimes Meta documents (docs/cloud-api-rules.md), the sweep
// granularity PROTOCOL §12 allows, the per-type length limits of a send and
// the Local Storage regions. The reference keeps its own copy
// (reference/durations.ts) because it must not depend on the harness;
// test/reference/durations.test.ts checks the two agree value by value.
// Imports nothing: the kernel's bottom.

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
/** Under Local Storage, content may be "in use" outside the region for up to 60 minutes (docs/cloud-api-rules.md#local-storage). */
export const DATA_IN_USE_MS = 60 * MINUTE_MS;
/** PROTOCOL §12: the purge may trail a limit by the declared granularity, never more than an hour. */
export const MAX_GRANULARITY_MS = HOUR_MS;
/** PROTOCOL §13: a signed prekey is replaced once it is 7 virtual days old. */
export const SIGNED_PREKEY_ROTATION_MS = 7 * DAY_MS;
/** PROTOCOL §13: a replaced signed prekey still serves PreKey messages for 30 virtual days. */
export const SIGNED_PREKEY_GRACE_MS = 30 * DAY_MS;
/** The retry-after the harness's transport gives with an integrity rejection: long enough that no case reaches its end by accident. */
export const RETRY_AFTER_MS = HOUR_MS;
/** Long enough to close any telemetry window a target keeps (PROTOCOL §2.1). */
export const TELEMETRY_FLUSH_MS = 61 * SECOND_MS;

/** text.body: 1 to 4096 characters (docs/cloud-api-rules.md#limits-per-message-type). */
export const TEXT_BODY_MAX = 4096;
/** caption of image, video and document: at most 1024 characters. */
export const CAPTION_MAX = 1024;
/** Interactive messages: lengths in characters (a list's body may be longer than a button message's), counts of buttons, sections and rows. */
export const INTERACTIVE_LIMITS = { body: 1024, listBody: 4096, footer: 60, header: 60, buttons: 3, buttonTitle: 20, buttonId: 256, listButton: 20, sections: 10, sectionTitle: 24, rows: 10, rowTitle: 24, rowId: 200, rowDescription: 72, ctaText: 20 } as const;

/** The data_localization_region enum of Meta's OpenAPI description (docs/cloud-api-rules.md#local-storage). */
export const REGIONS = ['AE', 'AU', 'BH', 'BR', 'CA', 'CH', 'DE', 'GB', 'ID', 'IN', 'JP', 'KR', 'SG', 'ZA'] as const;
/** Where content lives with Local Storage off. */
export const DEFAULT_REGION = 'US';
