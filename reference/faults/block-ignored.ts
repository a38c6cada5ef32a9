import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'block-ignored',
  description: 'Blocking a user is recorded but sends to them still go out.',
  seams: { blockStopsSend: () => false },
};
