import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'telemetry-content',
  description: 'Telemetry carries a sample of the window\'s message texts.',
  seams: { telemetryPayload: (w) => ({ ...cleanSeams.telemetryPayload(w), samples: w.recent.map((m) => m.content) }) },
};
