import type { Fault } from './fault.ts';
import { WEBHOOK_RETRY_MS } from '../durations.ts';

export const fault: Fault = {
  name: 'webhook-fixed-interval',
  description: 'Failed webhooks are retried every 30 s (no backoff) until 7 days have passed.',
  seams: { retryAfterMs: (_failed, since) => (since + 30_000 > WEBHOOK_RETRY_MS ? null : 30_000) },
};
