// A phone number written with the punctuation Meta documents as supported
// for a send's `to` (docs/cloud-api-rules.md): the digits unchanged.

import fc from 'fast-check';

/**
 * `digits` written with the punctuation Meta documents as supported: a
 * leading "+", then groups split by spaces or hyphens, one group possibly in
 * parentheses ("+1 (631) 555-1234"). Always with the "+": without it Meta
 * prepends the business's country code, so the number would change.
 */
export function punctuated(digits: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 }), fc.constantFrom(' ', '-', ' - '), fc.constantFrom(' ', '-'), fc.boolean())
    .map(([ccLength, areaLength, sep1, sep2, parens]) => {
      // At least two digits are left after the country code and the area group.
      const cc = Math.min(ccLength, digits.length - 4);
      const area = Math.min(areaLength, digits.length - cc - 2);
      const a = digits.slice(0, cc);
      const b = digits.slice(cc, cc + area);
      const rest = digits.slice(cc + area);
      const mid = Math.ceil(rest.length / 2);
      const group = parens ? `(${b})` : b;
      return `+${a}${parens ? ' ' : sep1}${group}${sep1}${rest.slice(0, mid)}${sep2}${rest.slice(mid)}`;
    });
}
