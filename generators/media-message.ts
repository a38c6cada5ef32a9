// Image, audio, video, document and sticker messages: exactly one of a media
// id or an http(s) link; captions (≤ 1,024) where allowed; document filenames.

import fc from 'fast-check';
import { limitedString } from './limited-string.ts';
import type { OutboundMessage } from './outbound-shape.ts';
import { CAPTION_MAX } from '../harness/core/durations.ts';

export const MEDIA_TYPES = ['image', 'audio', 'video', 'document', 'sticker'] as const;
export type MediaType = (typeof MEDIA_TYPES)[number];

export interface MediaMessageConstraints {
  types?: readonly MediaType[];
}

const EXT: Record<MediaType, string> = { image: 'jpg', audio: 'ogg', video: 'mp4', document: 'pdf', sticker: 'webp' };

export const mediaId = (): fc.Arbitrary<string> => fc.bigInt({ min: 10n ** 14n, max: 10n ** 16n }).map(String);
const mediaLink = (type: MediaType): fc.Arbitrary<string> =>
  fc.tuple(fc.constantFrom('http', 'https'), fc.domain(), fc.webSegment()).map(([scheme, host, seg]) => `${scheme}://${host}/${encodeURIComponent(seg) || 'm'}.${EXT[type]}`);

export function mediaMessage({ types = MEDIA_TYPES }: MediaMessageConstraints = {}): fc.Arbitrary<OutboundMessage> {
  if (types.length === 0) throw new RangeError('mediaMessage: types must not be empty');
  const one = (type: MediaType): fc.Arbitrary<OutboundMessage> => {
    const source = fc.oneof(mediaId().map((id) => ({ id })), mediaLink(type).map((link) => ({ link })));
    const caption = type === 'audio' || type === 'sticker' ? fc.constant(undefined) : fc.option(limitedString({ max: CAPTION_MAX }), { nil: undefined });
    const filename = type === 'document' ? fc.option(limitedString({ max: 60 }).map((s) => `${s}.pdf`), { nil: undefined }) : fc.constant(undefined);
    return fc.tuple(source, caption, filename).map(([src, c, f]) => {
      const payload: Record<string, unknown> = { ...src };
      if (c !== undefined) payload.caption = c;
      if (f !== undefined) payload.filename = f;
      return { type, payload };
    });
  };
  return fc.oneof(...types.map(one));
}
