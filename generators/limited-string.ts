// Strings for the Graph API's bounded fields: full Unicode (no lone
// surrogates), counted in code points as the Cloud API counts characters,
// reaching the limit exactly now and then.

import fc from 'fast-check';

export interface LimitedStringConstraints {
  /** Documented maximum, in characters (code points). */
  max: number;
  /** Minimum characters (default 1). */
  min?: number;
}

export function limitedString({ max, min = 1 }: LimitedStringConstraints): fc.Arbitrary<string> {
  if (!Number.isInteger(max) || max < 1 || !Number.isInteger(min) || min < 0 || min > max) {
    throw new RangeError(`limitedString: need integers 0 <= min <= max, max >= 1 (got min ${min}, max ${max})`);
  }
  const any = fc.string({ unit: 'binary', minLength: min, maxLength: Math.min(max, 40) });
  // Exactly at the limit, built from one repeated piece so shrinking stays cheap.
  const full = fc.tuple(fc.constantFrom('a', 'é', '😀', '中'), fc.string({ unit: 'binary', maxLength: 3 })).map(([c, tail]) => {
    const t = [...tail].slice(0, max);
    return c.repeat(max - t.length) + t.join('');
  });
  return fc.oneof({ weight: 5, arbitrary: any }, { weight: 1, arbitrary: full });
}

/** A string of exactly `max + 1` characters: one over the limit. */
export function overLimit(max: number): fc.Arbitrary<string> {
  return fc.constantFrom('a', 'é', '😀').map((c) => c.repeat(max + 1));
}
