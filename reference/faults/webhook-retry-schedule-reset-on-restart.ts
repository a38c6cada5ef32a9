import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'webhook-retry-schedule-reset-on-restart',
  description: "A queued webhook's attempt counter and first-attempt time live in memory: after a restart its backoff starts again at 30 s and its 7 days start over.",
  seams: { retryScheduleKeptOnRestart: () => false },
};
