import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'media-url-never-expires',
  description: 'A media download URL keeps working forever instead of for 5 minutes.',
  seams: { mediaUrlLive: () => true },
};
