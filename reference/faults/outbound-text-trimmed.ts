import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'outbound-text-trimmed',
  description: 'The outbound text body is NFC-normalised and trimmed before encryption.',
  seams: { outboundText: (body) => body.normalize('NFC').trim() },
};
