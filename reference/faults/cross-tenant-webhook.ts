import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'cross-tenant-webhook',
  description: 'Every event is also delivered to the webhook of the next business provisioned.',
  seams: {
    webhookRecipients: (owner, all) => {
      const others = all.filter((b) => b.phone_number_id !== owner.phone_number_id);
      return others.length > 0 ? [owner, others[0]!] : [owner];
    },
  },
};
