// Text message bodies over full Unicode, up to the documented 4,096 characters.
// Biased toward what implementations get wrong: emoji and surrogate pairs,
// right-to-left runs, combining marks in decomposed form (an NFC pass changes
// them), zero-width joiners, and white space at either end (a trim changes it).

import fc from 'fast-check';
import { TEXT_BODY_MAX } from '../harness/core/durations.ts';

export interface TextBodyConstraints {
  /** At most this many UTF-16 code units (default 4096): whichever way a target counts characters, the body fits. */
  maxLength?: number;
}

const tricky = fc.constantFrom(
  '😀', '👩‍👩‍👧‍👦', '🇧🇷', '🏳️‍🌈', '𝄞', // emoji, ZWJ sequences, flags, astral plane
  'שלום', 'مرحبا', '\u202Eabc\u202C', '\u200F', // RTL text and bidi controls
  'e\u0301', 'A\u030A', '\u1100\u1161\u11A8', // decomposed sequences that NFC composes
  '\u200B', '\u200D', '\uFEFF', // zero-width space, joiner, BOM
  ' ', '  ', '\t', '\n', '\r\n', '\u00A0', '\u3000', // white space a trim would eat
  '"', '\\', '<', '&', '\u2028', '\u2029', // JSON and HTML specials
  '\u0000', // NUL survives JSON as \u0000
);

const piece = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 12 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 12 }) },
  { weight: 3, arbitrary: tricky },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme-ascii', maxLength: 20 }) },
);

/** Cuts at a code point boundary so a surrogate pair is never split. */
function fit(s: string, max: number): string {
  if (s.length <= max) return s;
  let out = s.slice(0, max);
  const last = out.charCodeAt(out.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1);
  return out;
}

export function textBody(constraints: TextBodyConstraints = {}): fc.Arbitrary<string> {
  const max = constraints.maxLength ?? TEXT_BODY_MAX;
  if (!Number.isInteger(max) || max < 1 || max > TEXT_BODY_MAX) throw new Error(`textBody: maxLength must be 1..${TEXT_BODY_MAX}, got ${max}`);
  const long = fc.tuple(fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 1 }), fc.integer({ min: max - 64, max }))
    .map(([c, n]) => c.repeat(Math.max(1, n)));
  const mixed = fc.array(piece, { minLength: 1, maxLength: 24 }).map((ps) => ps.join(''));
  // White space or a zero-width character at either end, often: that is where a trim bites.
  const edge = fc.constantFrom('', '', ' ', '\n', '\t', '\u00A0', '\u200B');
  const framed = fc.tuple(edge, mixed, edge).map(([a, m, b]) => a + m + b);
  return fc
    .oneof({ weight: 8, arbitrary: framed }, { weight: 1, arbitrary: long })
    // A body must have something visible: a target may refuse an empty or blank one (#131009).
    // Cut first, then make sure something visible survived the cut.
    .map((s) => {
      const cut = fit(s, max);
      return /\S/u.test(cut.replace(/[\u200B-\u200D\uFEFF]/g, '')) ? cut : `${fit(cut, max - 1)}x`;
    })
    .filter((s) => s.length >= 1);
}
