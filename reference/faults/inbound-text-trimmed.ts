import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'inbound-text-trimmed',
  description: 'The inbound text body is trimmed before it is forwarded to the business.',
  seams: { inboundText: (body) => body.trim() },
};
