import type { Fault } from './fault.ts';
import { MEDIA_URL_MS } from '../durations.ts';

export const fault: Fault = {
  name: 'media-url-lifetime-from-upload',
  description: "A media download URL's 5 minutes count from the upload, not from the GET /{media-id} that issued it: a URL asked for later is dead at once.",
  seams: { mediaUrlLive: (_issuedMs, nowMs, storedMs) => nowMs - storedMs <= MEDIA_URL_MS },
};
