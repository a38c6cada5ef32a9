import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'webhook-verification-unchecked',
  description: 'The callback is activated whatever the verification GET answered.',
  seams: { verificationAccepted: () => true },
};
