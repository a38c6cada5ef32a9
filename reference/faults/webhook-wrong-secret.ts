import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'webhook-wrong-secret',
  description: 'Webhooks are signed with the app secret plus a suffix instead of the app secret.',
  seams: { signWebhook: (secret, raw) => cleanSeams.signWebhook(`${secret}-wrong`, raw) },
};
