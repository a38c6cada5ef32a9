import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'media-shared-across-businesses',
  description: 'Any business\'s valid token reads, downloads and deletes media another business uploaded.',
  seams: { mediaVisibleTo: () => true },
};
