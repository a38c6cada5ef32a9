import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'window-reopened-by-business',
  description: 'A business\'s own message (a template, say) reopens the 24-hour window, as if the consumer had written.',
  seams: {
    windowStart: (lastIn, lastOut) => {
      const times = [lastIn, lastOut].filter((t): t is number => t !== undefined);
      return times.length === 0 ? undefined : Math.max(...times);
    },
  },
};
