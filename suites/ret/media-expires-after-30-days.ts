import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import type { Business, World } from '../../harness/run/world.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { RETENTION_MS } from '../../harness/core/durations.ts';
import { granularity, scanStorage } from '../../harness/verify/retention.ts';
import { canary, messageId } from '../../harness/verify/storage-secrets.ts';
import { eitherSideOfLimit } from '../../generators/near-limit.ts';

async function upload(world: World, b: Business, text: string): Promise<string> {
  const res = await world.graph.media.upload(b, { bytes: Buffer.from(text), filename: 'note.txt', mime: 'text/plain' });
  const id = (res.json as { id?: unknown } | null)?.id;
  expect(res.status === 200 && typeof id === 'string', 'the media upload was refused', '200 {"id": "…"}', showResponse(res.status, res.body));
  return id as string;
}

export default defineCase({
  id: 'RET-media-expires-after-30-days',
  title: 'Uploaded media can be retrieved until 30 days, is refused right after, and is gone from storage within the sweep granularity; never readable at rest',
  clause: {
    text: '"All media files sent through this API are encrypted and persist for 30 days, unless they are deleted earlier."',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media/ — "Upload media"; docs/cloud-api-rules.md#media-lifetimes; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.media', 'control.provision', 'control.clock', 'control.storage', 'retention'],
  faults: ['media-never-expires', 'retention-31-days'],
  async run(ctx) {
    const { world } = ctx;
    const g = granularity(world);
    const business = await world.business();
    await ctx.property(
      eitherSideOfLimit(),
      async ({ side, before, after, tag }) => {
        const text = `media canary ${tag}`;
        const id = await upload(world, business, text);
        expectNoLeaks(await scanStorage(world, [canary(text, 'media bytes')]), 'uploaded media bytes are readable at rest', 'media encrypted in the storage dump');
        const get = () => world.graph.media.get(business, id);
        if (side === 'before') {
          await world.advanceClock(RETENTION_MS - before);
          const res = await get();
          expect(res.status === 200, `media ${id} was refused ${before} ms before its 30 days ran out`, '200 with its metadata', showResponse(res.status, res.body));
          return;
        }
        await world.advanceClock(RETENTION_MS + after);
        const res = await get();
        expect(res.status >= 400 && res.status < 500, `media ${id} was still served ${after} ms after its 30 days`, 'a 4xx Graph error', showResponse(res.status, res.body));
        await world.advanceClock(g);
        expectNoLeaks(await scanStorage(world, [messageId(id)]), `media ${id} is still at rest 30 days + ${after + g} ms after its upload`, 'no record naming it');
      },
      { runs: Math.min(ctx.runs, 6) },
    );
  },
});
