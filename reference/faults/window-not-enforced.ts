import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'window-not-enforced',
  description: 'Free-form messages are sent whenever asked: the 24-hour customer-service window is never closed.',
  // A window that started at +∞ never ends.
  seams: { windowStart: () => Number.POSITIVE_INFINITY },
};
