import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'sessions-lost-on-restart',
  description: 'Signal sessions do not survive a restart: a consumer\'s next ratcheted message cannot be decrypted.',
  seams: { sessionsKeptOnRestart: () => false },
};
