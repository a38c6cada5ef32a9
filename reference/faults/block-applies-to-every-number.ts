import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'block-applies-to-every-number',
  description: "The block list is keyed by the consumer alone: a consumer one business blocked is refused every business's messages.",
  seams: { blockedFor: () => true },
};
