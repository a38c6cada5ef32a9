// The documented 200 answer to POST /{phone-number-id}/messages.

import { expect } from '../core/context.ts';
import type { TargetResponse } from '../target/target-client.ts';
import { showResponse } from './show.ts';

const SHAPE = '200 {"messaging_product":"whatsapp","contacts":[{"input":<to as sent>,"wa_id":<digits>}],"messages":[{"id":"wamid.…"}]}';

/** Checks the send was accepted with the documented shape; returns the message id. */
export function expectSendAccepted(res: TargetResponse, to: string, waId?: string): string {
  const actual = showResponse(res.status, res.body);
  expect(res.status === 200, 'the send was not accepted', SHAPE, actual);
  const body = res.json as Record<string, unknown> | undefined;
  expect(body?.messaging_product === 'whatsapp', 'messaging_product is not "whatsapp"', SHAPE, actual);
  const contact = Array.isArray(body?.contacts) ? (body.contacts[0] as Record<string, unknown> | undefined) : undefined;
  expect(contact?.input === to, 'contacts[0].input is not the `to` exactly as sent', `contacts[0].input === ${JSON.stringify(to)}`, actual);
  expect(typeof contact?.wa_id === 'string' && /^\d+$/.test(contact.wa_id), 'contacts[0].wa_id is not digits only', 'wa_id of digits, no "+"', actual);
  if (waId !== undefined) expect(contact.wa_id === waId, 'contacts[0].wa_id is not the recipient\'s WhatsApp id', `wa_id ${waId}`, actual);
  const message = Array.isArray(body?.messages) ? (body.messages[0] as Record<string, unknown> | undefined) : undefined;
  const id = message?.id;
  expect(typeof id === 'string' && id.startsWith('wamid.') && id.length <= 128, 'messages[0].id is not a wamid', 'an id starting "wamid.", at most 128 characters', actual);
  return id;
}
