import { createHash } from 'node:crypto';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'phone-hash-kept-after-purge',
  description: 'The purge of a consumer\'s last message leaves the SHA-256 of their phone number behind (a "pseudonymous" tombstone).',
  seams: { purgeRecord: (number) => createHash('sha256').update(number).digest('hex') },
};
