import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'integrity-reject-no-backoff',
  description: 'After an integrity rejection the business keeps posting envelopes to the transport at once.',
  seams: { integrityBackoffMs: () => 0 },
};
