import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'identity-regenerated-on-restart',
  description: 'After a restart each business gets a new identity key pair (and prekeys), published at once, as if the identity lived only in memory.',
  seams: { identityKeptOnRestart: () => false },
};
