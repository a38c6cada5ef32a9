import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'recipient-punctuation-refused',
  description: 'A `to` with spaces, hyphens or parentheses (which Meta documents as supported) is refused as not a phone number.',
  seams: { recipientNumber: (to) => to },
};
