import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'location-unsupported',
  description: 'Location messages are refused with 131051 (unsupported message type).',
  seams: { supportsType: (type) => type !== 'location' },
};
