// Contacts messages: one or more cards, each with name.formatted_name and
// optional phones, emails and urls.

import fc from 'fast-check';
import { limitedString } from './limited-string.ts';
import { phoneNumber } from './phone-number.ts';
import type { OutboundMessage } from './outbound-shape.ts';

const card = fc.record(
  {
    name: fc.record({ formatted_name: limitedString({ max: 60 }), first_name: limitedString({ max: 30 }) }, { requiredKeys: ['formatted_name'] }),
    phones: fc.array(fc.record({ phone: phoneNumber().map((p) => p.asSent), type: fc.constantFrom('CELL', 'HOME', 'WORK') }), { maxLength: 2 }),
    emails: fc.array(fc.record({ email: fc.emailAddress(), type: fc.constantFrom('HOME', 'WORK') }), { maxLength: 2 }),
    urls: fc.array(fc.record({ url: fc.webUrl(), type: fc.constantFrom('HOME', 'WORK') }), { maxLength: 1 }),
  },
  { requiredKeys: ['name'] },
);

export function contactsMessage(): fc.Arbitrary<OutboundMessage> {
  return fc.array(card, { minLength: 1, maxLength: 3 }).map((cards) => ({ type: 'contacts', payload: cards }));
}
