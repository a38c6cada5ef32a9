import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'telemetry-message-ids',
  description: 'Telemetry lists the window\'s message ids with their timestamps.',
  seams: { telemetryPayload: (w) => ({ ...cleanSeams.telemetryPayload(w), events: w.recent.map((m) => ({ id: m.id, t: m.timestampMs })) }) },
};
