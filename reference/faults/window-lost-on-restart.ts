import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'window-lost-on-restart',
  description: 'Open 24-hour windows are kept in memory: after a restart a consumer who wrote before it has no window until they write again.',
  seams: { windowStart: (lastIn, _lastOut, history) => (lastIn !== undefined && lastIn >= history.lifeStartMs ? lastIn : undefined) },
};
