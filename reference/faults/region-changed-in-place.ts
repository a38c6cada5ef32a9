import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'region-changed-in-place',
  description: 'A registered number moves to another Local Storage region (register or settings) without deregistering first.',
  seams: { mayChangeRegion: () => true },
};
