import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'webhook-give-up-drops-consumer',
  description: "When one business's webhook is given up after 7 days, every webhook queued about the same consumer is dropped with it, other businesses' included.",
  seams: { abandonedWith: () => true },
};
