import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'media-never-expires',
  description: 'Uploaded media is kept and downloadable forever instead of for 30 days.',
  seams: { mediaExpires: () => false },
};
