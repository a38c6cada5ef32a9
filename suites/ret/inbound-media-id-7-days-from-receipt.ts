import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { documentTo } from '../../harness/verify/inbound-media-received.ts';
import { showResponse } from '../../harness/verify/show.ts';
import { DAY_MS, HOUR_MS, INBOUND_MEDIA_MS } from '../../harness/core/durations.ts';

export default defineCase({
  id: 'RET-inbound-media-id-7-days-from-receipt',
  title: 'A media id from a webhook lasts 7 days from the message, however often the business reads it meanwhile',
  clause: {
    text: '"Media IDs in webhooks expire after 7 days." Protocol: the 7 days count from when the target received the message; reading the id (GET /{media-id}) does not extend them.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/business-phone-numbers/media/ — "Get media ID"; docs/cloud-api-rules.md#media-lifetimes; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.media', 'graph.media.inbound', 'webhooks', 'transport.signal', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['inbound-media-renewed-on-read', 'inbound-media-id-never-expires'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    const id = await documentTo(world, business, consumer, Buffer.from(`read often ${ctx.seed}`));
    const t0 = world.clock.ms;
    // Read every day, the last an hour before the 7 days run out.
    for (const at of [DAY_MS, 3 * DAY_MS, 5 * DAY_MS, INBOUND_MEDIA_MS - HOUR_MS]) {
      await world.advanceClock(t0 + at - world.clock.ms);
      const res = await world.graph.media.get(business, id);
      expect(res.status === 200, `media id ${id} was refused ${(at / HOUR_MS).toFixed(0)} h after the message, before its 7 days`, '200 with its metadata', showResponse(res.status, res.body));
    }
    await world.advanceClock(t0 + INBOUND_MEDIA_MS + HOUR_MS - world.clock.ms);
    const late = await world.graph.media.get(business, id);
    expect(late.status >= 400 && late.status < 500, `media id ${id} was still served 7 days + 1 h after the message (read an hour before the 7 days ran out)`, 'a 4xx Graph error', showResponse(late.status, late.body));
  },
});
