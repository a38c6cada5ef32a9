import fc from 'fast-check';
import { defineCase } from '../../harness/core/case.ts';
import { expect } from '../../harness/core/context.ts';
import type { Business, World } from '../../harness/core/world.ts';
import { multipart } from '../../harness/target/multipart.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { storage } from '../ret/_retention.ts';

/** OpenAPI WhatsAppDataLocalizationRegion (CLOUD-API-FACTS §1). */
const REGIONS = ['AE', 'AU', 'BH', 'BR', 'CA', 'CH', 'DE', 'GB', 'ID', 'IN', 'JP', 'KR', 'SG', 'ZA'] as const;
const auth = (b: Business) => ({ authorization: `Bearer ${b.accessToken}` });

function register(world: World, b: Business, region: string | undefined) {
  const body: Record<string, unknown> = { messaging_product: 'whatsapp', pin: '246810' };
  if (region !== undefined) body.data_localization_region = region;
  return world.graph.raw('POST', `/${b.phoneNumberId}/register`, { headers: auth(b), json: body });
}

/** Text both ways, a template and an uploaded media object; returns the ids that name them. */
async function traffic(world: World, b: Business): Promise<string[]> {
  const consumer = await world.consumer();
  const inbound = await consumer.send(b.waId, { v: 0, type: 'text', text: { body: 'incoming' } });
  await world.settle();
  const text = expectSendAccepted(await world.graph.sendText(b, consumer.waId, 'outgoing'), consumer.waId);
  const tpl = expectSendAccepted(await world.graph.sendTemplate(b, consumer.waId, 'region_check'), consumer.waId);
  await expectDecryptedByConsumer(world, consumer, tpl);
  const form = multipart([
    { name: 'messaging_product', value: 'whatsapp' },
    { name: 'type', value: 'text/plain' },
    { name: 'file', value: Buffer.from('local media'), filename: 'm.txt', contentType: 'text/plain' },
  ]);
  const up = await world.graph.raw('POST', `/${b.phoneNumberId}/media`, { headers: { ...auth(b), 'content-type': form.contentType }, body: form.body });
  const media = (up.json as { id?: unknown } | null)?.id;
  expect(up.status === 200 && typeof media === 'string', 'the media upload was refused', '200 {"id"}', showResponse(up.status, up.body));
  await world.settle();
  return [inbound.id, text, tpl, media as string];
}

export default defineCase({
  id: 'LOC-content-in-region',
  title: 'With Local Storage, text, template and media content, both ways, is at rest only in the chosen region\'s store; without it, in US; the region changes only by re-registering',
  clause: {
    text: 'Local Storage: content at rest only in the chosen country; default US when off; covers outgoing and incoming text, media and template payloads.',
    source: 'seed promise S8 (CLOUD-API-FACTS §1); register data_localization_region (§2); PROTOCOL §6, §12',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'graph.registration', 'graph.media', 'transport.signal', 'control.provision', 'control.idle', 'control.storage', 'local-storage'],
  faults: ['content-in-default-region'],
  async run(ctx) {
    const { world } = ctx;
    await ctx.property(
      fc.option(fc.constantFrom(...REGIONS), { nil: undefined, freq: 4 }),
      async (region) => {
        const business = await world.business();
        const reg = await register(world, business, region);
        expect(reg.status === 200, `register with region ${String(region)} was refused`, '200 {"success": true}', showResponse(reg.status, reg.body));
        const ids = await traffic(world, business);
        const want = region ?? 'US';
        const records = await storage(world);
        for (const id of ids) {
          const holding = records.filter((r) => r.key.includes(id) || r.bytes.includes(id));
          expect(holding.length > 0, `nothing at rest names ${id}`, 'the message or media stored somewhere', 'no record');
          const astray = holding.filter((r) => r.region !== want);
          expect(astray.length === 0, `content of a number registered ${region ? `in ${region}` : 'without Local Storage'} is at rest elsewhere`, `every record of ${id} in region ${want}`, astray.map((r) => `${r.region}/${r.store}/${r.key}`).join(', '));
        }
        const other = REGIONS.find((r) => r !== region)!;
        const change = await register(world, business, other);
        expect(change.status >= 400 && change.status < 500, `the region changed from ${want} to ${other} in place`, 'a Graph error: deregister first', showResponse(change.status, change.body));
      },
      { runs: Math.min(ctx.runs, 5) },
    );
  },
});
