import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import type { Business, World } from '../../harness/run/world.ts';
import { messageEvents } from '../../harness/verify/webhook-events.ts';
import { showJson, showResponse } from '../../harness/verify/show.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { INBOUND_MEDIA_MS, RETENTION_MS } from '../../harness/core/durations.ts';
import { granularity, scanStorage } from '../../harness/verify/retention.ts';
import { canary, messageId } from '../../harness/verify/storage-secrets.ts';
import { eitherSideOfLimit } from '../../generators/near-limit.ts';

const getMedia = (world: World, b: Business, id: string) => world.graph.media.get(b, id);

export default defineCase({
  id: 'RET-inbound-media-id-expires-after-7-days',
  title: 'A file a consumer sends reaches the webhook as a media id the business can download until 7 days and not after; it is never readable at rest and gone by 30 days',
  clause: {
    text: '"Media IDs in webhooks expire after 7 days." Received media is encrypted at rest, and nothing of the file is left after 30 days.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media/ — "Get media ID"; docs/cloud-api-rules.md#media-lifetimes; docs/cloud-api-rules.md#retention-30-days; harness/PROTOCOL.md#42-media-store-capability-graphmediainbound-additive; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.media', 'graph.media.inbound', 'webhooks', 'transport.signal', 'control.provision', 'control.clock', 'control.idle', 'control.storage', 'retention'],
  faults: ['inbound-media-id-never-expires'],
  async run(ctx) {
    const { world } = ctx;
    const g = granularity(world);
    const business = await world.business();
    await ctx.property(
      eitherSideOfLimit(),
      async ({ side, before, after, tag }) => {
        const consumer = await world.signalConsumer();
        const file = Buffer.from(`inbound media canary ${tag} ${ctx.seed}`);
        const sent = await consumer.sendMedia(business.waId, 'document', file, 'text/plain', { filename: 'note.txt' });
        const event = await world.waitFor(() => messageEvents(world.webhooks(business)).find((e) => e.message.id === sent.id));
        expect(event !== undefined, 'the consumer\'s document never reached the webhook', `a messages webhook with id ${sent.id}`, 'none within 5 s');
        const id = (event.message.document as { id?: unknown } | undefined)?.id;
        expect(typeof id === 'string' && id !== '', 'the webhook does not name the document by a media id', '"document": {"id": "…", …}', showJson(event.message));
        const meta = await getMedia(world, business, id);
        const url = (meta.json as { url?: unknown } | null)?.url;
        expect(meta.status === 200 && typeof url === 'string', `GET /${id} of a media id the webhook just delivered was refused`, '200 {"url", "mime_type", "sha256", "file_size", "id"}', showResponse(meta.status, meta.body));
        const got = await world.graph.media.download(business, url);
        expect(got.status === 200 && got.body.equals(file), 'downloading the consumer\'s document did not give the bytes they sent', `200 with the ${file.length} bytes sent`, `HTTP ${got.status}, ${got.body.length} bytes`);
        expectNoLeaks(await scanStorage(world, [canary(file.toString(), 'inbound media bytes')]), 'the bytes of a consumer\'s document are readable at rest', 'media encrypted in the storage dump');

        if (side === 'before') {
          await world.advanceClock(INBOUND_MEDIA_MS - before);
          const res = await getMedia(world, business, id);
          expect(res.status === 200, `media id ${id} was refused ${before} ms before its 7 days ran out`, '200 with its metadata', showResponse(res.status, res.body));
          return;
        }
        await world.advanceClock(INBOUND_MEDIA_MS + after);
        const res = await getMedia(world, business, id);
        expect(res.status >= 400 && res.status < 500, `media id ${id} was still served ${after} ms after its 7 days`, 'a 4xx Graph error', showResponse(res.status, res.body));
        await world.advanceClock(RETENTION_MS - INBOUND_MEDIA_MS - after + g);
        expectNoLeaks(await scanStorage(world, [messageId(id), canary(file.toString(), 'inbound media bytes')]), `media ${id} is still at rest 30 days + ${g} ms after it arrived`, 'no record naming it');
      },
      { runs: Math.min(ctx.runs, 6) },
    );
  },
});
