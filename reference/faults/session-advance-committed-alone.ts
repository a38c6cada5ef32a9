import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'session-advance-committed-alone',
  description:
    'An inbound decrypt commits its session advance on its own, before the envelope is marked forwarded and its webhook queued: a crash in between loses the message (its second decrypt is a duplicate).',
  seams: { inboundWritesCommitTogether: () => false },
};
