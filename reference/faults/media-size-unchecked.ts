import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'media-size-unchecked',
  description: 'A media upload of any size is taken: the documented per-type limits (a sticker over 500 KB, say) are not checked.',
  seams: { mediaSizeLimit: () => Number.POSITIVE_INFINITY },
};
