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

/** An inbound message; the profile name is the wa_id because v0 carries no profile. */
export function messageWebhook(b: Business, from: string, message: Record<string, unknown>): WebhookPayload {
  return envelope(b, { contacts: [{ profile: { name: from }, wa_id: from }], messages: [{ from, ...message }] });
}

export interface StatusUpdate {
  id: string;
  status: StatusName;
  timestampSeconds: number;
  recipient: string;
  errors?: StatusError[];
}

export function statusWebhook(b: Business, s: StatusUpdate): WebhookPayload {
  const status: Record<string, unknown> = {
    id: s.id,
    status: s.status,
    timestamp: String(s.timestampSeconds),
    recipient_id: s.recipient,
  };
  if (s.errors) status.errors = s.errors;
  return envelope(b, { statuses: [status] });
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
