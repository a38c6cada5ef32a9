// Canaries: unique tokens planted in content so the leak scanner can find any
// copy of it, in any encoding, wherever the target sends or stores it.

import fc from 'fast-check';

const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** `CNRY` and 16 characters: long enough that no ciphertext or random id contains it by chance. */
export function canary(): fc.Arbitrary<string> {
  return fc
    .array(fc.integer({ min: 0, max: ALPHABET.length - 1 }), { minLength: 16, maxLength: 16 })
    .map((ix) => 'CNRY' + ix.map((i) => ALPHABET[i]).join(''));
}

/** A text body with a canary somewhere inside it. */
export function textWithCanary(body: fc.Arbitrary<string>): fc.Arbitrary<{ body: string; canary: string }> {
  return fc.tuple(body, canary(), fc.nat()).map(([b, c, at]) => {
    const cut = b.slice(0, Math.max(0, 4000 - c.length));
    const chars = Array.from(cut);
    const i = chars.length === 0 ? 0 : at % (chars.length + 1);
    return { body: [...chars.slice(0, i), ` ${c} `, ...chars.slice(i)].join(''), canary: c };
  });
}
