import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'phone-kept-after-purge',
  description: 'The purge of a consumer\'s last message leaves a deletion record naming their phone number.',
  seams: { purgeRecord: (number) => `purged consumer ${number}` },
};
