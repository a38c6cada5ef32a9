import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { statusEvents } from '../../harness/verify/webhook-events.ts';

export default defineCase({
  id: 'INT-billing-pricing-in-status',
  title: 'A billing notice from the transport shows up as `pricing` on the message\'s status webhook',
  clause: {
    text: '"WhatsApp gives Cloud API metering and billing information for the Cloud API businesses. It does not share any other messaging information." Statuses carry pricing {billable, pricing_model, category}.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages — "Payload structures"; docs/cloud-api-rules.md#integrity-and-billing; harness/PROTOCOL.md#51-spam-reports-and-billing-notices',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle', 'transport.billing'],
  faults: ['billing-pricing-dropped', 'pricing-category-wrong'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    await world.openWindow(business, consumer);
    const notices = world.transportNotices();
    const pricing = fc.record({
      billable: fc.boolean(),
      pricing_model: fc.constantFrom('CBP', 'PMP'),
      category: fc.constantFrom('marketing', 'utility', 'authentication', 'service'),
    });
    await ctx.property(
      fc.noShrink(pricing),
      async (p) => {
        const id = expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'billable?'), consumer.waId);
        await expectDecryptedByConsumer(world, consumer, id);
        const res = await notices.billing({ message_id: id, ...p });
        expect(res.status === 200, 'the billing notice was not acknowledged', '200 {"ok": true}', `HTTP ${res.status}`);
        // A target may attach pricing to the next status rather than send one: give it one.
        await consumer.receipt('read', business.waId, [id]);
        const priced = () => statusEvents(world.webhooks(business)).map((e) => e.status).filter((s) => s.id === id && s.pricing !== undefined);
        const got = await world.waitFor(() => (priced().length > 0 ? priced() : undefined));
        expect(got !== undefined, `no status webhook for ${id} carries pricing`, `pricing ${JSON.stringify(p)}`, 'statuses without pricing');
        const shown = got[got.length - 1]!.pricing as Record<string, unknown>;
        expect(
          shown.billable === p.billable && shown.pricing_model === p.pricing_model && shown.category === p.category,
          'the status pricing is not the billing notice the transport sent',
          JSON.stringify(p),
          JSON.stringify(shown),
        );
      },
      { runs: Math.min(ctx.runs, 4) },
    );
  },
});
