// The documented 200 answer to POST /{phone-number-id}/messages
// (https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages):
// {"messaging_product":"whatsapp","contacts":[{"input","wa_id"}],"messages":[{"id"}]}.
// MUST: the status, messaging_product, contacts[0].input as sent, a
// digits-only wa_id (the recipient's WhatsApp id, when known) and a message
// id. SHOULD: the id's "wamid." prefix and its length of at most 128, which
// every documented example shows but no reference text requires.

import { Findings } from '../core/deviations.ts';
import type { TargetResponse } from '../target/target-client.ts';
import { showJson, showResponse } from './show.ts';

const SHAPE = '200 {"messaging_product":"whatsapp","contacts":[{"input":<to as sent>,"wa_id":<digits>}],"messages":[{"id":"wamid.…"}]}';

/** Checks the send was accepted with the documented shape; returns the message id. */
export function expectSendAccepted(res: TargetResponse, to: string, waId?: string): string {
  const actual = showResponse(res.status, res.body);
  const f = new Findings();
  const settle = () => f.settle({ expected: SHAPE, actual });
  if (!f.must(res.status === 200, 'the send was not accepted', 'HTTP 200', `HTTP ${res.status}`)) {
    // A refusal has no send answer to grade further.
    settle();
  }
  const body = res.json as Record<string, unknown> | undefined;
  f.must(body?.messaging_product === 'whatsapp', 'messaging_product is not "whatsapp"', '"messaging_product":"whatsapp"', `"messaging_product":${showJson(body?.messaging_product)}`);
  const contact = Array.isArray(body?.contacts) ? (body.contacts[0] as Record<string, unknown> | undefined) : undefined;
  f.must(contact?.input === to, 'contacts[0].input is not the `to` exactly as sent', `contacts[0].input === ${JSON.stringify(to)}`, `contacts[0].input: ${showJson(contact?.input)}`);
  const digits = typeof contact?.wa_id === 'string' && /^\d+$/.test(contact.wa_id);
  f.must(digits, 'contacts[0].wa_id is not digits only', 'wa_id of digits, no "+"', `wa_id: ${showJson(contact?.wa_id)}`);
  if (waId !== undefined && digits) f.must(contact!.wa_id === waId, 'contacts[0].wa_id is not the recipient\'s WhatsApp id', `wa_id ${waId}`, `wa_id: ${showJson(contact!.wa_id)}`);
  const message = Array.isArray(body?.messages) ? (body.messages[0] as Record<string, unknown> | undefined) : undefined;
  const id = message?.id;
  if (f.must(typeof id === 'string' && id !== '', 'messages[0].id is missing', 'messages[0].id, a string', `messages[0].id: ${showJson(id)}`)) {
    const s = id as string;
    f.should(s.startsWith('wamid.'), 'messages[0].id does not start "wamid."', 'an id starting "wamid." (every documented example)', `messages[0].id: ${showJson(s, 140)}`);
    f.should(s.length <= 128, 'messages[0].id is longer than 128 characters', 'at most 128 characters', `${s.length} characters`);
  }
  settle();
  return id as string;
}
