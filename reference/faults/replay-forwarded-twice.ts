import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'replay-forwarded-twice',
  description: 'A replayed inbound envelope (same id, or same ciphertext under a new id) is forwarded again from the stored plaintext.',
  seams: { replayedInbound: () => 'forward-again' },
};
