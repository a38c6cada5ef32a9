import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'telemetry-activity-times',
  description: 'Telemetry gives each business\'s first and last message time in the window (Unix seconds), finer than the window it reports.',
  seams: {
    telemetryPayload: (w) => {
      const clean = cleanSeams.telemetryPayload(w) as { businesses: Array<Record<string, unknown>> };
      return {
        ...clean,
        businesses: clean.businesses.map((b) => {
          const times = w.recent.filter((r) => r.business === b.phone_number_id).map((r) => Math.floor(r.timestampMs / 1000));
          return times.length === 0 ? b : { ...b, first_message_at: Math.min(...times), last_message_at: Math.max(...times) };
        }),
      };
    },
  },
};
