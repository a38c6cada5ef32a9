import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'transport-header-base64-content',
  description: 'The envelope POST to the transport carries the text, base64-encoded, in an X-Debug-Preview header.',
  seams: {
    transportHeaders: (_e, content): Record<string, string> => {
      const body = (content.text as { body?: unknown } | undefined)?.body;
      return typeof body === 'string' ? { 'x-debug-preview': Buffer.from(body).toString('base64') } : {};
    },
  },
};
