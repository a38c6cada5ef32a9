import type { Fault } from './fault.ts';

// The delivery queue lives in memory: what was accepted and answered is
// stored, but its webhook, queued and not yet acknowledged, dies with the process.
export const fault: Fault = {
  name: 'undelivered-webhooks-lost-on-restart',
  description: 'Webhooks not yet acknowledged, attempted or not, are lost when the target restarts (the delivery queue is kept in memory).',
  seams: { keptOnRestart: () => false },
};
