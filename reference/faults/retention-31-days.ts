import type { Fault } from './fault.ts';
import { DAY_MS } from '../durations.ts';

export const fault: Fault = {
  name: 'retention-31-days',
  description: 'Messages, media and events are kept for 31 days instead of 30.',
  seams: { retained: (ageMs) => ageMs < 31 * DAY_MS, retransmit: (ageMs) => ageMs < 31 * DAY_MS },
};
