import { telemetryPerBusiness, type Fault } from './fault.ts';

export const fault: Fault = {
  name: 'telemetry-activity-times',
  description: 'Telemetry gives each business\'s first and last message time in the window (Unix seconds), finer than the window it reports.',
  seams: {
    telemetryPayload: telemetryPerBusiness((messages) => {
      const times = messages.map((r) => Math.floor(r.timestampMs / 1000));
      return times.length === 0 ? {} : { first_message_at: Math.min(...times), last_message_at: Math.max(...times) };
    }),
  },
};
