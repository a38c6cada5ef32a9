import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'webhook-timestamp-milliseconds',
  description: 'Webhook timestamps are virtual-clock milliseconds instead of seconds.',
  seams: { webhookTimestamp: (seconds) => String(seconds * 1000) },
};
