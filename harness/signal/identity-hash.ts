// The identity key hash of PROTOCOL.md §9, as the harness computes it from a
// consumer's own identity key.

import { createHash } from 'node:crypto';

export const identityKeyHash = (identityKey: Uint8Array): string =>
  createHash('sha256').update(identityKey).digest().subarray(0, 8).toString('base64');
