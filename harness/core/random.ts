import { createHash, randomBytes } from 'node:crypto';

/** A fresh secret for a provisioned business or a transport; never derived from the seed. */
export function secretToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** Digits of the given length, the first one non-zero: where a world draws its numbers and ids. */
export type DigitSource = (length: number) => string;

function digitsFrom(bytes: Uint8Array, length: number): string {
  let s = String(1 + (bytes[0]! % 9));
  for (let i = 1; i < length; i++) s += String(bytes[i]! % 10);
  return s;
}

export const randomDigits: DigitSource = (length) => digitsFrom(randomBytes(length), length);

/**
 * The same digits, in the same order, for the same seed. A replay must
 * provision the same numbers as the run it replays: a target may behave by
 * them (a fault that picks the lowest phone-number id, say).
 */
export function seededDigits(seed: string): DigitSource {
  let block = 0;
  let pool = Buffer.alloc(0);
  return (length) => {
    while (pool.length < length) pool = Buffer.concat([pool, createHash('sha256').update(`${seed}\u0000${block++}`).digest()]);
    const bytes = pool.subarray(0, length);
    pool = pool.subarray(length);
    return digitsFrom(bytes, length);
  };
}
