import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { documentTo } from '../../harness/verify/inbound-media-received.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { HOUR_MS } from '../../harness/core/durations.ts';

export default defineCase({
  id: 'GRAPH-inbound-media-per-business',
  title: 'A file a consumer sends one business is served by its media id to that business only, not to another the consumer also writes to',
  clause: {
    text: 'Media ids in webhooks: the business that received the message retrieves the file with GET /{media-id} and its URL. Messages a user exchanges with a business are that business\'s: another business\'s token on the same id is refused (any 4xx Graph error), as for media another business uploaded.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media/ — "Get media ID"; https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#media-endpoints; harness/PROTOCOL.md#42-media-store-capability-graphmediainbound-additive',
  },
  severity: 'MUST',
  requires: ['graph.media', 'graph.media.inbound', 'webhooks', 'transport.signal', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['inbound-media-any-business'],
  async run(ctx) {
    const { world } = ctx;
    const a = await world.business();
    const b = await world.business();
    const consumer = await world.signalConsumer();
    const file = Buffer.from(`for ${a.key} only ${ctx.seed}`);
    const id = await documentTo(world, a, consumer, file);
    await world.advanceClock(HOUR_MS);
    await documentTo(world, b, consumer, Buffer.from(`for ${b.key} ${ctx.seed}`));
    const foreign = await world.graph.media.get(b, id);
    expect(foreign.status >= 400 && foreign.status < 500, `${b.key} was served the file the consumer sent ${a.key}`, 'a 4xx Graph error', showResponse(foreign.status, foreign.body));
    const own = await world.graph.media.get(a, id);
    const url = (own.json as { url?: unknown } | undefined)?.url;
    expect(own.status === 200 && typeof url === 'string', `${a.key} could not read the media id its webhook named`, '200 {"url", …}', showResponse(own.status, own.body));
    const stolen = await world.graph.media.download(b, url);
    expect(stolen.status >= 400 && stolen.status < 500, `${b.key}'s token downloaded the file the consumer sent ${a.key}`, 'a 4xx', `HTTP ${stolen.status}, ${stolen.body.length} bytes`);
    const got = await world.graph.media.download(a, url);
    expect(got.status === 200 && got.body.equals(file), `${a.key} did not get the bytes the consumer sent`, `200 with ${file.length} bytes`, `HTTP ${got.status}, ${got.body.length} bytes`);
  },
});
