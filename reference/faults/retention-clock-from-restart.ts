import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'retention-clock-from-restart',
  description: 'The 30-day retention deadline is recomputed from the restart time for messages stored before a restart, so a restart keeps them longer.',
  seams: { retentionOrigin: (storedMs, lifeStartMs) => Math.max(storedMs, lifeStartMs) },
};
