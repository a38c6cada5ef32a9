import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'prekey-refill-reuses-ids',
  description: 'A top-up of one-time prekeys numbers the new batch from 1 again, reusing ids of prekeys already handed out.',
  seams: { preKeyRefillIds: (_next, count) => Array.from({ length: count }, (_, i) => i + 1) },
};
