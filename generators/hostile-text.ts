// Text bodies for the exact round trip of a consumer's message: textBody's
// mix, plus full-length (4,096 UTF-16 units) bodies made entirely of the
// pieces implementations mangle: astral emoji (surrogate pairs), ZWJ
// sequences, right-to-left runs and bidi controls, zero-width characters,
// NUL, JSON specials and line separators, with white space at both ends.

import fc from 'fast-check';
import { textBody } from './text-body.ts';
import { TEXT_BODY_MAX } from '../harness/core/durations.ts';

export interface HostileTextConstraints {
  /** At most this many UTF-16 code units (default and maximum 4096). */
  maxLength?: number;
}

const HOSTILE = [
  '😀', '👩‍👩‍👧‍👦', '🇧🇷', '𝄞', 'שלום', 'مرحبا', '\u202Eabc\u202C', '\u200F', '\u200B', '\u200D', '\uFEFF',
  '\u0000', '"', '\\', '/', '\u2028', '\u2029', 'e\u0301', ' ', '\n', '\u00A0',
];

/** Repeats hostile pieces up to exactly `max` units, never splitting a surrogate pair. */
function fill(pieces: string[], max: number): string {
  let out = ' ';
  for (let i = 0; out.length < max - 1; i++) {
    const p = pieces[i % pieces.length]!;
    if (out.length + p.length > max - 1) break;
    out += p;
  }
  return `${out}x`.padEnd(max, '\u200B');
}

export function hostileText(constraints: HostileTextConstraints = {}): fc.Arbitrary<string> {
  const max = constraints.maxLength ?? TEXT_BODY_MAX;
  if (!Number.isInteger(max) || max < 8 || max > TEXT_BODY_MAX) throw new Error(`hostileText: maxLength must be 8..${TEXT_BODY_MAX}, got ${max}`);
  const full = fc.shuffledSubarray(HOSTILE, { minLength: 1 }).map((ps) => fill(ps, max));
  return fc.oneof({ weight: 4, arbitrary: textBody({ maxLength: max }) }, { weight: 1, arbitrary: full });
}
