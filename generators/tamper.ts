// Ways to damage a consumer's Signal message in transit. Each one leaves an
// envelope the target must refuse to forward. Flips land on authenticated
// bytes of a Whisper (type 2) message: everything after the version byte is
// covered by its MAC (in PreKey messages some bytes are not).

import fc from 'fast-check';

export type Tamper =
  | { kind: 'flip'; at: number; bit: number }
  | { kind: 'truncate'; keep: number }
  | { kind: 'extend'; extra: Uint8Array }
  | { kind: 'garbage'; bytes: Uint8Array }
  | { kind: 'retype'; type: number };

/** Positions are fractions of the message length, so one tamper fits any message. */
export function tamper(): fc.Arbitrary<Tamper> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }), bit: fc.integer({ min: 0, max: 7 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('truncate' as const), keep: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('extend' as const), extra: fc.uint8Array({ minLength: 1, maxLength: 32 }) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('garbage' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 200 }) }) },
    // 3 claims PreKey for a Whisper body; the others are no Signal type at all.
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('retype' as const), type: fc.constantFrom(3, 1, 4, 0) }) },
  );
}

/** Applies a tamper to a Whisper message's bytes and type. */
export function applyTamper(t: Tamper, type: number, body: Buffer): { type: number; body: Buffer } {
  switch (t.kind) {
    case 'flip': {
      const out = Buffer.from(body);
      const i = 1 + Math.floor(t.at * (out.length - 1));
      out[i] ^= 1 << t.bit;
      return { type, body: out };
    }
    case 'truncate':
      return { type, body: body.subarray(0, Math.max(1, Math.floor(t.keep * body.length))) };
    case 'extend':
      return { type, body: Buffer.concat([body, t.extra]) };
    case 'garbage':
      return { type, body: Buffer.from(t.bytes) };
    case 'retype':
      return { type: t.type, body };
  }
}

export const describeTamper = (t: Tamper): string =>
  t.kind === 'flip' ? `flip bit ${t.bit} at ${t.at.toFixed(3)} of the length` : t.kind === 'retype' ? `type tag ${t.type}` : t.kind;
