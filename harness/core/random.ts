import { randomBytes } from 'node:crypto';

/** A fresh secret for a provisioned business or a transport; never derived from the seed. */
export function secretToken(prefix: string): string {
  return `${prefix}_${randomBytes(24).toString('base64url')}`;
}

/** Digits of the given length, the first one non-zero. */
export function randomDigits(length: number): string {
  const bytes = randomBytes(length);
  let s = String(1 + (bytes[0]! % 9));
  for (let i = 1; i < length; i++) s += String(bytes[i]! % 10);
  return s;
}
