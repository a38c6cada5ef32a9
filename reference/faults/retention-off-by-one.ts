import type { Fault } from './fault.ts';
import { DAY_MS } from '../durations.ts';

export const fault: Fault = {
  name: 'retention-off-by-one',
  description: 'Retention counts whole days and keeps "day 30" too, so a message lives up to a day past 30 days.',
  seams: { retained: (ageMs) => Math.floor(ageMs / DAY_MS) <= 30 },
};
