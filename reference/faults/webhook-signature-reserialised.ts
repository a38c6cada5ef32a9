import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'webhook-signature-reserialised',
  description: 'The signature is computed over JSON.stringify of the parsed body, not over the raw bytes sent.',
  seams: {
    signWebhook: (secret, raw) => cleanSeams.signWebhook(secret, Buffer.from(JSON.stringify(JSON.parse(Buffer.from(raw).toString('utf8'))))),
  },
};
