import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'out-of-order-dropped',
  description: 'An inbound message older than one already seen from the sender is dropped as a replay.',
  seams: { inboundInOrderOnly: () => true },
};
