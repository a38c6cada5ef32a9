import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'unblock-ignored',
  description: 'Unblocking a user answers success but the block stays: the list still names them and sends to them are refused.',
  seams: { unblockLifts: () => false },
};
