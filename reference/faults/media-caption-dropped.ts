import type { Fault } from './fault.ts';

const MEDIA = ['image', 'video', 'document'];

export const fault: Fault = {
  name: 'media-caption-dropped',
  description: 'The caption of an image, video or document is left out of the Signal plaintext.',
  seams: {
    outboundContent: (content) => {
      const media = content[content.type];
      if (!MEDIA.includes(content.type) || typeof media !== 'object' || media === null) return content;
      const { caption: _dropped, ...rest } = media as Record<string, unknown>;
      return { ...content, [content.type]: rest };
    },
  },
};
