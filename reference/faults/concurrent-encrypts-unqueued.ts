import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'concurrent-encrypts-unqueued',
  description: 'Signal operations on one session run concurrently instead of one at a time (message keys get reused).',
  seams: { signalQueueKey: (_session, operation) => operation },
};
