// `to` values that are not phone numbers: too short, too long, letters,
// doubled '+', empty. Formatting characters (spaces, dashes, brackets) are
// left out: whether the Cloud API strips them is not documented.

import fc from 'fast-check';

export interface InvalidPhoneNumber {
  asSent: string;
  /** Which rule it breaks. */
  rule: string;
}

const digits = (min: number, max: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(''));

export function invalidPhoneNumber(): fc.Arbitrary<InvalidPhoneNumber> {
  return fc.oneof(
    digits(1, 5).map((d) => ({ asSent: d, rule: 'fewer than 7 digits' })),
    digits(16, 24).map((d) => ({ asSent: d, rule: 'more than 15 digits' })),
    fc.tuple(digits(4, 6), fc.constantFrom('a', 'X', 'é', '٣'), digits(4, 6)).map(([a, l, b]) => ({ asSent: `${a}${l}${b}`, rule: 'a letter or non-ASCII digit among the digits' })),
    digits(8, 12).map((d) => ({ asSent: `++${d}`, rule: 'two leading "+"' })),
    fc.constant({ asSent: '', rule: 'empty' }),
  );
}
