import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'mark-read-outgoing-accepted',
  description: 'The business may mark its own outgoing messages as read.',
  seams: { markableAsRead: () => true },
};
