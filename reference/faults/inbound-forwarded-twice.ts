import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'inbound-forwarded-twice',
  description: 'Every inbound message is queued as two separate webhook deliveries.',
  seams: { forwardInbound: (webhook) => [webhook, webhook] },
};
