import { createHash } from 'node:crypto';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import type { World } from '../../harness/run/world.ts';
import type { GraphCaller } from '../../harness/target/graph-api.ts';
import type { TargetResponse } from '../../harness/target/target-client.ts';
import { expectGraphError } from '../../harness/verify/graph-error.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { mediaFile, type MediaFile } from '../../generators/media-file.ts';
import { MEDIA_URL_MS } from '../../harness/core/durations.ts';

function upload(world: World, b: GraphCaller, f: MediaFile): Promise<TargetResponse> {
  return world.graph.media.upload(b, f);
}

/** GETs a media URL the target handed out, with the business's token or (`anonymous`) without any. */
async function download(world: World, url: string, b: GraphCaller, anonymous = false): Promise<TargetResponse> {
  const u = new URL(url);
  const base = new URL(world.graph.baseUrl);
  expect(u.host === base.host, 'the media URL points away from the target', `a URL on ${base.host}`, url);
  return world.graph.media.download(b, url, anonymous ? { token: null } : {});
}

export default defineCase({
  id: 'GRAPH-media',
  title: 'Media: multipart upload, metadata whose sha256 and file_size match, bearer-only download for 5 minutes, delete',
  clause: {
    text: 'Media POST /{phone-number-id}/media multipart (messaging_product, file, type) → {"id"}. GET /{media-id} → {messaging_product, url, mime_type, sha256, file_size (string or number: accept both), id}; the URL lives 5 minutes and needs the bearer token. DELETE /{media-id} → {"success":true}, after which the id is unknown. Without the token the URL answers a 4xx (which one is not documented).',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media/ — "Upload media"; Meta\'s WhatsApp Business OpenAPI description, operations uploadImage, retrieveMediaUrl, downloadMedia, deleteMedia; docs/cloud-api-rules.md#media-endpoints; docs/cloud-api-rules.md#media-lifetimes; docs/cloud-api-rules.md#media-file-size-type',
  },
  severity: 'MUST',
  requires: ['graph.media'],
  faults: ['media-url-never-expires', 'media-delete-ignored'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.graphCaller();
    let lastUrl = '';
    await ctx.property(mediaFile(), async (f) => {
      const up = await upload(world, business, f);
      const id = (up.json as { id?: unknown } | undefined)?.id;
      expect(up.status === 200 && typeof id === 'string' && id !== '', `uploading ${f.mime} did not succeed`, '200 {"id":"…"}', showResponse(up.status, up.body));
      const meta = await world.graph.media.get(business, id as string);
      const m = (meta.json ?? {}) as Record<string, unknown>;
      const sha256 = createHash('sha256').update(f.bytes).digest('hex');
      const shape = `{"messaging_product":"whatsapp","url":…,"mime_type":"${f.mime}","sha256":"${sha256}","file_size":${f.bytes.length},"id":"${id}"}`;
      expect(meta.status === 200 && m.id === id && m.mime_type === f.mime && typeof m.url === 'string', 'the media metadata is not the documented answer', shape, showResponse(meta.status, meta.body));
      expect(m.sha256 === sha256 && String(m.file_size) === String(f.bytes.length), 'sha256 or file_size do not match the uploaded bytes', shape, showResponse(meta.status, meta.body));
      const anonymous = await download(world, m.url as string, business, true);
      // The documentation says the URL needs the token, not which 4xx refuses it.
      expect(anonymous.status >= 400 && anonymous.status < 500, 'the media URL works without the bearer token', 'a 4xx without Authorization', `HTTP ${anonymous.status}`);
      const got = await download(world, m.url as string, business);
      expect(got.status === 200 && got.body.equals(f.bytes), 'downloading the media did not give the uploaded bytes', `200 with the ${f.bytes.length} bytes uploaded`, `HTTP ${got.status}, ${got.body.length} bytes`);
      lastUrl = m.url as string;
      const gone = await world.graph.media.delete(business, id as string);
      expect(gone.status === 200 && (gone.json as { success?: unknown } | undefined)?.success === true, 'deleting the media did not succeed', '200 {"success":true}', showResponse(gone.status, gone.body));
      expectGraphError(await world.graph.media.get(business, id as string), { because: 'GET of a deleted media id' });
    }, { runs: Math.min(ctx.runs, 10) });

    // The URL of media that still exists dies after 5 minutes of virtual time.
    if (world.has('control.clock')) {
      const kept = await upload(world, business, { mime: 'image/png', filename: 'a.png', bytes: Buffer.from('png bytes') });
      const id = (kept.json as { id: string }).id;
      const url = ((await world.graph.media.get(business, id)).json as { url: string }).url;
      await world.advanceClock(MEDIA_URL_MS + 1_000);
      const late = await download(world, url, business);
      expect(late.status >= 400 && late.status < 500, 'the media URL still works after 5 minutes', 'a 4xx after 5 minutes of virtual time', `HTTP ${late.status}`);
    } else {
      ctx.note('that the media URL dies after 5 minutes was not judged: it needs the virtual clock (control.clock)');
    }
    expect(lastUrl !== '', 'no media was uploaded', 'an upload', 'none');

  },
});
