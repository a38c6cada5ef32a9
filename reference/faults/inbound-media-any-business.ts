import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'inbound-media-any-business',
  description: 'A file a consumer sent is found by its media id alone, so any business that knows the id downloads what the consumer sent to another business.',
  seams: { inboundMediaVisibleTo: () => true },
};
