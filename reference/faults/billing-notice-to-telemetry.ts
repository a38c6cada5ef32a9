import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'billing-notice-to-telemetry',
  description: 'Telemetry forwards every billing notice, message id included, instead of per-business totals.',
  seams: { telemetryPayload: (w) => ({ ...cleanSeams.telemetryPayload(w), billing: w.billing }) },
};
