import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'prekey-reused',
  description: 'One-time prekeys are never deleted, so a second handshake on the same prekey is accepted.',
  seams: { consumeOneTimePreKey: () => false },
};
