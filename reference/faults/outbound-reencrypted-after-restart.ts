import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'outbound-reencrypted-after-restart',
  description:
    'A message posted to the transport just before a crash, not yet known sent, is encrypted anew after the restart instead of posted again as the same bytes: the consumer reads it twice.',
  seams: { storedEnvelopeReposted: () => false },
};
