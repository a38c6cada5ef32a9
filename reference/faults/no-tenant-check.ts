import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'no-tenant-check',
  description: 'A valid access token of one business may send from another business\'s phone-number id.',
  seams: { tenantAllows: () => true },
};
