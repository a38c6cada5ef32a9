import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'mark-read-any-business',
  description: "Mark-as-read finds the message by its id alone, so a business can mark read (and send the consumer a read receipt for) a message the consumer sent to another business.",
  seams: { markReadBy: () => true },
};
