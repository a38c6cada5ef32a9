import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'inbound-media-id-never-expires',
  description: 'The media id of a file a consumer sent keeps working after 7 days (until the 30-day purge).',
  seams: { inboundMediaLive: () => true },
};
