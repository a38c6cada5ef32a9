import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'session-expiry-ignored',
  description: 'A session unanswered for 30 days is still used for encryption instead of starting a new one.',
  seams: { sessionUsable: () => true },
};
