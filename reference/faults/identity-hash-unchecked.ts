import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'identity-hash-unchecked',
  description: 'recipient_identity_key_hash on a send is ignored, so a message goes to a consumer whose identity changed.',
  seams: { checkIdentityKeyHash: () => false },
};
