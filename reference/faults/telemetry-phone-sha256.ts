import { createHash } from 'node:crypto';
import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'telemetry-phone-sha256',
  description: 'Telemetry counts "unique users" as the hex SHA-256 of each consumer phone number.',
  seams: {
    telemetryPayload: (w) => ({
      ...cleanSeams.telemetryPayload(w),
      users: [...new Set(w.recent.map((m) => createHash('sha256').update(m.consumer).digest('hex')))].map((u) => ({ u })),
    }),
  },
};
