import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'status-delivered-after-read',
  description: 'A read receipt yields a "read" status followed by an extra "delivered" status.',
  seams: {
    statusesForReceipt: (receipt, current) => {
      const clean = cleanSeams.statusesForReceipt(receipt, current);
      return receipt === 'read' && clean.includes('read') ? ['read', 'delivered'] : clean;
    },
  },
};
