// Consumer phone numbers as a business writes them in `to`: E.164 digits for
// many country codes, with or without the leading '+'.

import fc from 'fast-check';

const COUNTRY_CODES = ['1', '7', '20', '27', '34', '44', '49', '52', '55', '61', '62', '65', '81', '82', '86', '91', '234', '254', '351', '353', '880', '971', '973'];

export interface PhoneNumber {
  /** As the business writes it in `to`. */
  asSent: string;
  /** The WhatsApp id: digits only. */
  waId: string;
}

export function phoneNumber(): fc.Arbitrary<PhoneNumber> {
  return fc
    .tuple(fc.constantFrom(...COUNTRY_CODES), fc.integer({ min: 1, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 9 }), fc.boolean())
    .map(([cc, first, rest, plus]) => {
      const digits = `${cc}${first}${rest.join('')}`.slice(0, 15);
      return { waId: digits, asSent: plus ? `+${digits}` : digits };
    });
}
