import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'media-url-lifetime-in-seconds',
  description: 'A media download URL lives "300": seconds meant, compared with milliseconds, so the URL dies a third of a second after it is issued.',
  seams: { mediaUrlLive: (issuedMs, nowMs) => nowMs - issuedMs <= 5 * 60 },
};
