import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'plain-webhook-allowed',
  description: 'A plain http:// webhook URL is accepted in production mode.',
  seams: { plainWebhookAllowed: () => true },
};
