// The bodies of the two webhooks the mock sends, as the Cloud API writes
// them: a consumer's message, and a status of a message the business sent.

import type { Business, SentMessage, Status } from './state.ts';

function envelope(business: Business, value: Record<string, unknown>): unknown {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: business.wabaId,
        changes: [
          {
            field: 'messages',
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: business.displayPhoneNumber, phone_number_id: business.phoneNumberId }, ...value },
          },
        ],
      },
    ],
  };
}

export function messageNotification(business: Business, from: string, profileName: string, message: Record<string, unknown>): unknown {
  return envelope(business, { contacts: [{ profile: { name: profileName }, wa_id: from }], messages: [message] });
}

export function statusNotification(business: Business, message: SentMessage, status: Status, timestamp: string): unknown {
  // DELIBERATE DEVIATION (README "The deliberate deviation"): like many mocks,
  // this one keeps `biz_opaque_callback_data` only for the `sent` status it
  // writes at send time, and leaves it off `delivered` and `read`. Meta echoes
  // it on every status of the message; HOOK-status-echoes-opaque-data fails here.
  const opaque = message.opaque !== undefined && status === 'sent' ? { biz_opaque_callback_data: message.opaque } : {};
  return envelope(business, {
    statuses: [{ id: message.id, status, timestamp, recipient_id: message.recipient, ...opaque }],
  });
}
