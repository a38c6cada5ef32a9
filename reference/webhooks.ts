import type { Business, StatusError, StatusName, WebhookPayload } from './types.ts';

// Webhook bodies in the documented Cloud API shape (PROTOCOL §8).

function envelope(b: Business, value: Record<string, unknown>): WebhookPayload {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: b.waba_id,
        changes: [
          {
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: b.display_phone_number, phone_number_id: b.phone_number_id },
              ...value,
            },
          },
        ],
      },
    ],
  };
}

/**
 * An inbound message. The transport carries no profile in v0, so its
 * messages name the consumer by wa_id; a simulated one gives the name (PROTOCOL §14).
 */
export function messageWebhook(b: Business, from: string, message: Record<string, unknown>, profileName: string = from): WebhookPayload {
  return envelope(b, { contacts: [{ profile: { name: profileName }, wa_id: from }], messages: [{ from, ...message }] });
}

export interface StatusUpdate {
  id: string;
  status: StatusName;
  timestampSeconds: number;
  recipient: string;
  errors?: StatusError[];
  pricing?: Record<string, unknown>;
  /** biz_opaque_callback_data of the message, echoed as sent. */
  opaque?: string;
}

/** `stamp` turns virtual seconds into the wire's timestamp string (the webhookTimestamp seam). */
export function statusWebhook(b: Business, s: StatusUpdate, stamp: (seconds: number) => string): WebhookPayload {
  return statusesWebhook(b, [s], stamp);
}

/**
 * Several statuses in one delivery, as Cloud API batches them (`statuses` is
 * a list): one receipt for many messages becomes one webhook per status.
 */
export function statusesWebhook(b: Business, updates: StatusUpdate[], stamp: (seconds: number) => string): WebhookPayload {
  return envelope(b, { statuses: updates.map((s) => statusObject(s, stamp)) });
}

function statusObject(s: StatusUpdate, stamp: (seconds: number) => string): Record<string, unknown> {
  const status: Record<string, unknown> = {
    id: s.id,
    status: s.status,
    timestamp: stamp(s.timestampSeconds),
    recipient_id: s.recipient,
  };
  if (s.errors) status.errors = s.errors;
  if (s.pricing) status.pricing = s.pricing;
  if (s.opaque !== undefined) status.biz_opaque_callback_data = s.opaque;
  return status;
}

/**
 * The bytes sent (and signed) for a webhook. Every character outside ASCII is
 * escaped as \uXXXX and "/" as "\/", on purpose: the body is valid JSON that
 * a receiver's JSON.stringify does not reproduce, so a signature computed over
 * a re-serialisation instead of the raw bytes (docs/cloud-api-rules.md#webhook-signature) shows.
 */
export function serialiseWebhook(payload: WebhookPayload): Buffer {
  const json = JSON.stringify(payload).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).replace(/\//g, '\\/');
  return Buffer.from(json, 'ascii');
}

/**
 * The security notification when a consumer's identity key changed
 * (PROTOCOL §9): a `system` message of type `customer_identity_changed`.
 */
export function identityChangedWebhook(b: Business, from: string, id: string, timestampSeconds: number, identityHash: string): WebhookPayload {
  return envelope(b, {
    contacts: [{ profile: { name: from }, wa_id: from, identity_key_hash: identityHash }],
    messages: [
      {
        from,
        id,
        timestamp: String(timestampSeconds),
        type: 'system',
        system: { body: `The security code of ${from} changed.`, type: 'customer_identity_changed', identity: identityHash },
      },
    ],
  });
}

type StatusValue = { messaging_product?: unknown; metadata?: unknown; statuses?: unknown[] };

function valueOf(payload: WebhookPayload): StatusValue | undefined {
  const entry = (payload as { entry?: Array<{ changes?: Array<{ value?: StatusValue }> }> }).entry;
  if (entry?.length !== 1 || entry[0]!.changes?.length !== 1) return undefined;
  return entry[0]!.changes[0]!.value;
}

/** The payload of a webhook body when it carries statuses and nothing else, else null. */
export function statusOnlyPayload(body: Buffer): WebhookPayload | null {
  let payload: WebhookPayload;
  try {
    payload = JSON.parse(body.toString('utf8')) as WebhookPayload;
  } catch {
    return null;
  }
  return isStatusOnly(payload) ? payload : null;
}

export function isStatusOnly(payload: WebhookPayload): boolean {
  const value = valueOf(payload);
  return !!value && Array.isArray(value.statuses) && Object.keys(value).every((k) => k === 'messaging_product' || k === 'metadata' || k === 'statuses');
}

/** Payloads with equal keys may be merged: same account, same number. */
export function mergeKey(payload: WebhookPayload): string {
  const entry = (payload as { entry?: Array<{ id?: unknown }> }).entry?.[0];
  return JSON.stringify([entry?.id, valueOf(payload)?.metadata]);
}

export function statusesOf(payload: WebhookPayload): unknown[] {
  return valueOf(payload)?.statuses ?? [];
}

/** One delivery carrying the statuses of several status-only payloads of one business, in order. */
export function mergeStatusPayloads(payloads: WebhookPayload[]): WebhookPayload {
  const merged = structuredClone(payloads[0]!);
  valueOf(merged)!.statuses = payloads.flatMap(statusesOf);
  return merged;
}
