import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'webhook-dropped-on-restart',
  description: 'Queued webhooks that already failed once are lost when the target restarts (retry state kept in memory).',
  seams: { keptOnRestart: (attempts) => attempts === 0 },
};
