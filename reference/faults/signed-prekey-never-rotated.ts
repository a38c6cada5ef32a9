import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'signed-prekey-never-rotated',
  description: 'The signed prekey published at provisioning is never replaced, however much virtual time passes.',
  seams: { signedPreKeyDue: () => false },
};
