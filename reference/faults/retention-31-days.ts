import type { Fault } from './fault.ts';

const DAY_MS = 86_400_000;

export const fault: Fault = {
  name: 'retention-31-days',
  description: 'Messages, media and events are kept for 31 days instead of 30.',
  seams: { retained: (ageMs) => ageMs < 31 * DAY_MS, retransmit: (ageMs) => ageMs < 31 * DAY_MS },
};
