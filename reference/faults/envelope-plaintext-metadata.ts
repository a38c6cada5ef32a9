import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'envelope-plaintext-metadata',
  description: 'The outbound envelope also carries the plaintext text body in a "preview" field.',
  seams: {
    encodeEnvelope: (envelope, content) => {
      const text = content.text as { body?: unknown } | undefined;
      return { ...cleanSeams.encodeEnvelope(envelope, content), preview: text?.body };
    },
  },
};
