import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'outbox-lane-in-clear',
  description: "A webhook waiting for a retry keeps the consumer's phone number in the clear beside it (its delivery lane).",
  seams: { outboxLane: (_token, consumer) => consumer },
};
