import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'failed-status-without-errors',
  description: 'A `failed` status webhook leaves out the `errors` array, so the business cannot tell why.',
  seams: { failedStatusErrors: () => undefined },
};
