import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectReachedConsumer } from '../../harness/verify/consumer-receive.ts';
import { statusesOf } from '../../harness/verify/webhook-events.ts';

const LIFECYCLE = ['sent', 'delivered', 'read'];

// Up to 512 characters (code points), any plane: short, long and exactly at the limit.
const opaqueData = fc.oneof(
  fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 512, size: 'max' }),
  fc.string({ unit: 'binary', minLength: 512, maxLength: 512 }),
);

export default defineCase({
  id: 'HOOK-status-echoes-opaque-data',
  title: 'biz_opaque_callback_data is echoed unchanged on every status of its message, and on no other',
  clause: {
    text: 'Paraphrase of Meta: biz_opaque_callback_data (at most 512 characters) sent with a message comes back on the status webhooks of that message. Protocol: echoed unchanged on every status of that message and on no other.',
    source: 'Meta\'s WhatsApp Business OpenAPI description, operation sendMessage; https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages — "Payload structures"; docs/cloud-api-rules.md#webhook-statuses; harness/PROTOCOL.md#8-webhooks-the-target-calls-the-business',
  },
  severity: 'MUST',
  requires: ['webhooks', 'graph.messages', 'consumer', 'control.provision', 'control.idle'],
  faults: ['opaque-data-dropped'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    await world.openWindow(business, consumer);
    await ctx.property(
      opaqueData,
      async (data) => {
        const tagged = expectSendAccepted(
          await world.graph.sendMessage(business, { messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'text', text: { body: 'tagged' }, biz_opaque_callback_data: data }),
          consumer.waId,
        );
        const plain = expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'untagged'), consumer.waId);
        await expectReachedConsumer(world, consumer, tagged);
        await expectReachedConsumer(world, consumer, plain);
        await consumer.acknowledge('delivered', business.waId, [tagged, plain]);
        await consumer.acknowledge('read', business.waId, [tagged, plain]);
        const readOf = (id: string) => statusesOf(world.webhooks(business), id).find((s) => s.status === 'read');
        await world.waitFor(() => (readOf(tagged) && readOf(plain) ? true : undefined));
        await world.settle();

        const seen = statusesOf(world.webhooks(business), tagged);
        const names = seen.map((s) => String(s.status));
        expect(
          LIFECYCLE.every((n) => names.includes(n)),
          `the message sent with biz_opaque_callback_data did not get sent, delivered and read statuses`,
          LIFECYCLE.join(', '),
          names.join(', ') || 'no status at all',
        );
        for (const s of seen) {
          expect(
            s.biz_opaque_callback_data === data,
            `the "${String(s.status)}" status does not echo biz_opaque_callback_data unchanged`,
            JSON.stringify(data),
            s.biz_opaque_callback_data === undefined ? 'no biz_opaque_callback_data' : JSON.stringify(s.biz_opaque_callback_data),
          );
        }
        for (const s of statusesOf(world.webhooks(business), plain)) {
          expect(
            s.biz_opaque_callback_data === undefined,
            `a status of a message sent without biz_opaque_callback_data carries one`,
            'no biz_opaque_callback_data',
            JSON.stringify(s.biz_opaque_callback_data),
          );
        }
      },
      { runs: Math.min(ctx.runs, 5) },
    );
  },
});
