import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'receipt-before-sent-skips-sent',
  description: "A delivery receipt that arrives before the transport's answer to the envelope is reported as `delivered` at once, without the `sent` that must come first.",
  seams: { receiptOnUnsent: (statuses) => statuses },
};
