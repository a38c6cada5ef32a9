import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'media-delete-ignored',
  description: 'DELETE /{media-id} answers {"success":true} but the media stays: its metadata and URL still answer.',
  seams: { mediaDeleteRemoves: () => false },
};
