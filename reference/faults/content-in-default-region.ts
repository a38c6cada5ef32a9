import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'content-in-default-region',
  description: 'Content of a number registered with a Local Storage region is written to the default (US) store anyway.',
  seams: { storeRegion: () => 'US' },
};
