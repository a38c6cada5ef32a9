import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'integrity-signal-to-telemetry',
  description: 'Integrity signals (spam reports) are also posted to the rest-of-Meta telemetry sink.',
  seams: { integritySignalDestinations: () => ['transport', 'telemetry'] },
};
