import { cleanSeams } from '../seams.ts';
import type { Fault } from './fault.ts';

export const fault: Fault = {
  name: 'transport-preview-non-text',
  description: 'The outbound envelope of a media message carries its caption in plaintext as a "preview" field (text bodies stay inside the ciphertext).',
  seams: {
    encodeEnvelope: (envelope, content) => {
      const media = content[content.type] as { caption?: unknown } | undefined;
      const clean = cleanSeams.encodeEnvelope(envelope, content);
      return content.type !== 'text' && typeof media?.caption === 'string' ? { ...clean, preview: media.caption } : clean;
    },
  },
};
