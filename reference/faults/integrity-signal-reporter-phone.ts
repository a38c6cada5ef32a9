import { createHash } from 'node:crypto';
import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'integrity-signal-reporter-phone',
  description: 'The integrity signal to the transport names the reporting consumer by the SHA-1 of their number, which delivery never needs.',
  seams: { integritySignal: (s, reporter) => ({ ...cleanSeams.integritySignal(s, reporter), reporter: createHash('sha1').update(reporter).digest('base64') }) },
};
