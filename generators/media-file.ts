// Files a business uploads: random bytes (the API does not inspect them) of
// a documented MIME type, within that type's size limit and the 1 MiB the
// harness sends at most.

import fc from 'fast-check';

export interface MediaFile {
  mime: string;
  filename: string;
  bytes: Buffer;
}

const TYPES: readonly [string, string][] = [
  ['image/jpeg', 'photo.jpg'], ['image/png', 'image.png'], ['audio/ogg', 'voice.ogg'], ['audio/mpeg', 'song.mp3'],
  ['video/mp4', 'clip.mp4'], ['application/pdf', 'invoice.pdf'], ['image/webp', 'sticker.webp'],
];

export interface MediaFileConstraints {
  /** Largest file in bytes (default 64 KiB, at most 100 KiB so even stickers fit). */
  maxBytes?: number;
}

export function mediaFile({ maxBytes = 64 << 10 }: MediaFileConstraints = {}): fc.Arbitrary<MediaFile> {
  if (maxBytes < 1 || maxBytes > 100 << 10) throw new RangeError('mediaFile: maxBytes must be from 1 to 102400');
  return fc.tuple(fc.constantFrom(...TYPES), fc.uint8Array({ minLength: 1, maxLength: maxBytes })).map(([[mime, filename], bytes]) => ({ mime, filename, bytes: Buffer.from(bytes) }));
}
