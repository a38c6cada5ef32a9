import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'purge-waits-for-other-businesses',
  description: "What names a consumer in one business's records (their Signal session) is purged only when their last message with any business is, so another business's newer conversation keeps it.",
  seams: { purgeWaitsFor: () => true },
};
