// What a consumer can send a business (PROTOCOL.md §7): one content object of
// every inbound type the Cloud API forwards (docs/cloud-api-rules.md#webhook-payload-shape): text,
// reaction, media by id (image, audio, video, document, sticker), location,
// contacts, button and interactive (button and list) replies, optionally as a
// reply with `context`. The object named by `type` is exactly what the
// webhook's message carries under the same name.

import fc from 'fast-check';
import { textBody } from './text-body.ts';

export interface InboundContent {
  v: 0;
  type: string;
  [field: string]: unknown;
  context?: { message_id: string };
}

export const INBOUND_TYPES = [
  'text', 'reaction', 'image', 'audio', 'video', 'document', 'sticker', 'location', 'contacts', 'button', 'interactive',
] as const;

export interface InboundContentConstraints {
  /** Only these types (default: all of INBOUND_TYPES). */
  types?: readonly (typeof INBOUND_TYPES)[number][];
}

const short = textBody({ maxLength: 60 });
const mediaId = fc.stringMatching(/^[0-9]{15,17}$/);
const sha256 = fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('base64'));
const wamid = fc.uint8Array({ minLength: 24, maxLength: 24 }).map((b) => `wamid.${Buffer.from(b).toString('base64url')}`);

const media = (mimes: string[], extra: Record<string, fc.Arbitrary<unknown>> = {}) =>
  fc.record({ id: mediaId, mime_type: fc.constantFrom(...mimes), sha256, ...extra }, { requiredKeys: ['id', 'mime_type', 'sha256'] });

const payloads: Record<(typeof INBOUND_TYPES)[number], fc.Arbitrary<unknown>> = {
  text: fc.record({ body: short }),
  reaction: fc.record({ message_id: wamid, emoji: fc.constantFrom('👍', '❤️', '😂', '🇧🇷', '👩‍👩‍👧‍👦') }),
  image: media(['image/jpeg', 'image/png'], { caption: short }),
  audio: media(['audio/ogg; codecs=opus', 'audio/mpeg'], { voice: fc.boolean() }),
  video: media(['video/mp4', 'video/3gpp'], { caption: short }),
  document: media(['application/pdf', 'text/plain'], { caption: short, filename: fc.constantFrom('report.pdf', 'نموذج.pdf', 'a b/../c.txt') }),
  sticker: media(['image/webp'], { animated: fc.boolean() }),
  location: fc.record(
    {
      latitude: fc.double({ min: -90, max: 90, noNaN: true }),
      longitude: fc.double({ min: -180, max: 180, noNaN: true }),
      name: short,
      address: short,
    },
    { requiredKeys: ['latitude', 'longitude'] },
  ),
  contacts: fc.array(
    fc.record({
      name: fc.record({ formatted_name: short, first_name: short }, { requiredKeys: ['formatted_name'] }),
      phones: fc.array(fc.record({ phone: fc.stringMatching(/^\+[1-9][0-9]{7,13}$/), type: fc.constantFrom('CELL', 'WORK'), wa_id: fc.stringMatching(/^[1-9][0-9]{7,13}$/) }, { requiredKeys: ['phone'] }), { maxLength: 2 }),
    }),
    { minLength: 1, maxLength: 2 },
  ),
  button: fc.record({ text: short, payload: short }),
  interactive: fc.oneof(
    fc.record({ type: fc.constant('button_reply'), button_reply: fc.record({ id: fc.string({ minLength: 1, maxLength: 20 }), title: short }) }),
    fc.record({
      type: fc.constant('list_reply'),
      list_reply: fc.record({ id: fc.string({ minLength: 1, maxLength: 20 }), title: short, description: short }, { requiredKeys: ['id', 'title'] }),
    }),
  ),
};

export function inboundContent(constraints: InboundContentConstraints = {}): fc.Arbitrary<InboundContent> {
  const types = constraints.types ?? INBOUND_TYPES;
  if (types.length === 0 || types.some((t) => !(INBOUND_TYPES as readonly string[]).includes(t))) {
    throw new Error(`inboundContent: types must be a non-empty subset of ${INBOUND_TYPES.join(', ')}`);
  }
  return fc
    .tuple(fc.constantFrom(...types), fc.option(wamid, { nil: undefined }))
    .chain(([type, replyTo]) =>
      payloads[type].map((payload) => {
        const c: InboundContent = { v: 0, type, [type]: payload };
        // A reaction names its message inside; it is not itself a reply.
        if (replyTo !== undefined && type !== 'reaction') c.context = { message_id: replyTo };
        // As it travels: plain objects, -0 as 0, no undefined fields.
        return JSON.parse(JSON.stringify(c)) as InboundContent;
      }),
    );
}
