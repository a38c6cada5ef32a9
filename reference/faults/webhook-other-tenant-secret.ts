import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'webhook-other-tenant-secret',
  description: "Webhooks are signed with another business's app secret whenever there is another business.",
  seams: { signingSecret: (own, others) => others[0] ?? own },
};
