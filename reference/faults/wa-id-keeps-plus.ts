import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'wa-id-keeps-plus',
  description: 'The send response echoes `to` verbatim as contacts[0].wa_id, keeping a leading "+".',
  seams: { waIdFor: (to) => to },
};
