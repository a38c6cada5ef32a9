import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'telemetry-country-codes',
  description: 'Telemetry counts each business\'s messages per consumer country code (the first two digits of the number).',
  seams: {
    telemetryPayload: (w) => {
      const clean = cleanSeams.telemetryPayload(w) as { businesses: Array<Record<string, unknown>> };
      return {
        ...clean,
        businesses: clean.businesses.map((b) => {
          const countries: Record<string, number> = {};
          for (const m of w.recent.filter((r) => r.business === b.phone_number_id)) countries[m.consumer.slice(0, 2)] = (countries[m.consumer.slice(0, 2)] ?? 0) + 1;
          return { ...b, countries };
        }),
      };
    },
  },
};
