import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectGraphError, NOT_YOUR_NUMBER } from '../../harness/verify/graph-error.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { mediaFile } from '../../generators/media-file.ts';

export default defineCase({
  id: 'GRAPH-media-isolation',
  title: 'Media business A uploaded is not business B\'s: B\'s token can neither read its metadata, download it nor delete it',
  clause: {
    text: 'GET and DELETE /{media-id} act on media of the token\'s business; for another business\'s id Graph answers a permission error (10, 200–299 with 403) or code 100 with HTTP 400 ("does not exist, cannot be loaded due to missing permissions"). The media URL needs the owner\'s bearer token.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media/ — "Retrieve media URL"; Meta\'s WhatsApp Business OpenAPI description, operations retrieveMediaUrl, deleteMedia, downloadMedia; https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Codes"; docs/cloud-api-rules.md#media-endpoints; docs/cloud-api-rules.md#permissions-between-businesses',
  },
  severity: 'MUST',
  requires: ['graph.media'],
  faults: ['media-shared-across-businesses'],
  async run(ctx) {
    const { world } = ctx;
    const [a, b] = await world.twoGraphCallers();
    await ctx.property(mediaFile(), async (f) => {
      const up = await world.graph.media.upload(a, f);
      const id = (up.json as { id?: unknown } | undefined)?.id;
      expect(up.status === 200 && typeof id === 'string' && id !== '', `uploading ${f.mime} as business A did not succeed`, '200 {"id":"…"}', showResponse(up.status, up.body));
      const mine = await world.graph.media.get(a, id as string);
      const url = (mine.json as { url?: unknown } | undefined)?.url;
      expect(mine.status === 200 && typeof url === 'string', 'business A cannot read its own media', '200 {"url":…}', showResponse(mine.status, mine.body));
      expectGraphError(await world.graph.media.get(b, id as string), { ...NOT_YOUR_NUMBER, because: 'business B\'s token on business A\'s media id' });
      const theirs = await world.graph.media.download(b, url as string);
      expect(theirs.status >= 400 && theirs.status < 500, 'business B\'s token downloads business A\'s media', 'a 4xx for another business\'s bearer token', `HTTP ${theirs.status}, ${theirs.body.length} bytes`);
      expectGraphError(await world.graph.media.delete(b, id as string), { ...NOT_YOUR_NUMBER, because: 'business B\'s token deleting business A\'s media id' });
      const still = await world.graph.media.get(a, id as string);
      expect(still.status === 200, 'business B\'s token deleted business A\'s media', '200 for A\'s own GET after B\'s refused DELETE', showResponse(still.status, still.body));
      const gone = await world.graph.media.delete(a, id as string);
      expect(gone.status === 200, 'business A cannot delete its own media', '200 {"success":true}', showResponse(gone.status, gone.body));
    }, { runs: Math.min(ctx.runs, 5) });
  },
});
