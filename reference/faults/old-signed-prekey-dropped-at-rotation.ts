import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'old-signed-prekey-dropped-at-rotation',
  description: 'A replaced signed prekey is deleted at rotation, with no grace: PreKey messages from consumers who fetched the old bundle no longer decrypt.',
  seams: { retiredSignedPreKeyKept: () => false },
};
