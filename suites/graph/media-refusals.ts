import { defineCase } from '../../harness/run/define-case.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';

export default defineCase({
  id: 'GRAPH-media-refusals',
  title: 'Media the API does not take is refused with a Graph error: an unknown media id, a MIME type outside the documented list, a file over its type\'s size limit',
  clause: {
    text: 'GET /{media-id} of an id the business does not have is a Graph error. Uploads take only the documented MIME types, each up to its limit (image 5 MB, audio and video 16 MB, document 100 MB, sticker 100 KB static or 500 KB animated). A sticker over both limits (an upload cannot tell which kind it is) and an executable are refused.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media/ — "Upload media"; Meta\'s WhatsApp Business OpenAPI description, operations uploadImage, retrieveMediaUrl; docs/cloud-api-rules.md#media-endpoints; docs/cloud-api-rules.md#supported-media-types-and-sizes',
  },
  severity: 'MUST',
  requires: ['graph.media'],
  faults: ['media-size-unchecked'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.graphCaller();
    expectGraphError(await world.graph.media.get(business, '999999999999999'), { because: 'GET of an unknown media id' });
    expectGraphError(await world.graph.media.upload(business, { mime: 'application/x-msdownload', filename: 'a.exe', bytes: Buffer.from('MZ') }), { because: 'an upload of a MIME type the API does not take' });
    // Over both sticker limits: an upload cannot tell a static sticker (100 KB) from an animated one (500 KB).
    expectGraphError(await world.graph.media.upload(business, { mime: 'image/webp', filename: 's.webp', bytes: Buffer.alloc(600 << 10, 1) }), { because: 'a 600 KB sticker (limits 100 KB static, 500 KB animated)' });
  },
});
