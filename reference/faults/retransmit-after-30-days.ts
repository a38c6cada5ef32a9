import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'retransmit-after-30-days',
  description: 'An undelivered message is still retransmitted when its consumer comes back after 30 days.',
  seams: { retransmit: () => true },
};
