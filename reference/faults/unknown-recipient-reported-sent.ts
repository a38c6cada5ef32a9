import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'unknown-recipient-reported-sent',
  description: 'A message the transport refused (unknown recipient, undeliverable) is reported `sent` instead of `failed`.',
  seams: { refusedDeliveryError: () => null },
};
