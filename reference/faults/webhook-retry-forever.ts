import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';
import { DAY_MS } from '../durations.ts';

export const fault: Fault = {
  name: 'webhook-retry-forever',
  description: 'Failed webhooks are retried with backoff capped at one day and never given up, past 7 days.',
  seams: { retryAfterMs: (failed) => Math.min(cleanSeams.retryAfterMs(failed, 0) ?? DAY_MS, DAY_MS) },
};
