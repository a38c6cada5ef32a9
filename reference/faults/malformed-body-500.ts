import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'malformed-body-500',
  description: 'A send body that is not UTF-8 JSON makes the Graph API answer 500 instead of a 400 Graph error.',
  seams: { unparseableBody: () => new Error('Unexpected token in JSON') },
};
