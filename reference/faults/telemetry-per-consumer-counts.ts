import { createHmac, randomBytes } from 'node:crypto';
import { telemetryPerBusiness, type Fault } from './fault.ts';

// A keyed digest: no scanner reverses it to a number, yet it follows one consumer from window to window.
const KEY = randomBytes(16);
const pseudonym = (consumer: string): string => createHmac('sha256', KEY).update(consumer).digest('hex').slice(0, 12);

export const fault: Fault = {
  name: 'telemetry-per-consumer-counts',
  description: 'Telemetry breaks each business\'s counts down per consumer, under a keyed pseudonym of each consumer.',
  seams: {
    telemetryPayload: telemetryPerBusiness((messages) => {
      const counts: Record<string, number> = {};
      for (const m of messages) counts[pseudonym(m.consumer)] = (counts[pseudonym(m.consumer)] ?? 0) + 1;
      return { per_user: counts };
    }),
  },
};
