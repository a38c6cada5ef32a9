import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'tampered-forwarded-as-empty',
  description: 'An inbound envelope that does not decrypt is forwarded as a text message with an empty body.',
  seams: { undecryptableInbound: () => ({ type: 'text', text: { body: '' } }) },
};
