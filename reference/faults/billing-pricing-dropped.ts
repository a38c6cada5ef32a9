import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'billing-pricing-dropped',
  description: 'Billing notices from the transport never show up as `pricing` in status webhooks.',
  seams: { statusPricing: () => undefined },
};
