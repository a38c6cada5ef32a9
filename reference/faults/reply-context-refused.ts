import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'reply-context-refused',
  description: 'A send with context.message_id (a reply quoting an earlier message) is refused as an invalid parameter.',
  seams: { replyContextAccepted: () => false },
};
