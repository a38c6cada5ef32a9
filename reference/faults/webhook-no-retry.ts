import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'webhook-no-retry',
  description: 'A webhook delivery that fails (500, timeout, reset) is never attempted again.',
  seams: { retryAfterMs: () => null },
};
