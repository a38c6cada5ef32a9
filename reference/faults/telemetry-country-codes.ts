import { telemetryPerBusiness, type Fault } from './fault.ts';

export const fault: Fault = {
  name: 'telemetry-country-codes',
  description: 'Telemetry counts each business\'s messages per consumer country code (the first two digits of the number).',
  seams: {
    telemetryPayload: telemetryPerBusiness((messages) => {
      const countries: Record<string, number> = {};
      for (const m of messages) countries[m.consumer.slice(0, 2)] = (countries[m.consumer.slice(0, 2)] ?? 0) + 1;
      return { countries };
    }),
  },
};
