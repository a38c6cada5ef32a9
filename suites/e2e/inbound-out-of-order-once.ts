import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import type { OutgoingEnvelope } from '../../harness/parties/consumer.ts';

const MAX = 8;

export default defineCase({
  id: 'E2E-inbound-out-of-order-once',
  title: 'Consumer messages arriving in any order are each forwarded exactly once, with their own content',
  clause: {
    text: 'Paraphrase of Meta: once the Cloud API receives a user\'s message it decrypts it and forwards it to the business. Every message is forwarded once, with its own content, in whatever order the envelopes arrive.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#signal-end-to-end; harness/PROTOCOL.md#5-the-transport-endpoint-served-by-the-target-the-harness-calls-it',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'webhooks', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['out-of-order-dropped'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    const first = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: 'hello' } });
    await settleForwarded(world, business, [first.id]);
    await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'hi'), consumer.waId));
    const order = fc.integer({ min: 2, max: MAX }).chain((n) => fc.shuffledSubarray([...Array(n).keys()], { minLength: n, maxLength: n }));
    let run = 0;
    await ctx.property(order, async (permutation) => {
      run++;
      const envelopes: OutgoingEnvelope[] = [];
      for (let i = 0; i < permutation.length; i++) {
        envelopes.push(await consumer.encrypt(business.waId, { v: 0, type: 'text', text: { body: `run ${run} message ${i}` } }));
      }
      // Handed over in the generated order without waiting between them, as a relay would.
      const posted = await Promise.all(permutation.map((i) => consumer.post(envelopes[i])));
      expect(posted.every((p) => p.response.status === 200), 'the transport endpoint refused a genuine envelope', '200 each', posted.map((p) => p.response.status).join(','));
      const events = await settleForwarded(world, business, envelopes.map((e) => e.id));
      const wrong = envelopes.flatMap((e, i) => {
        const got = events.filter((ev) => ev.message.id === e.id);
        const body = (got[0]?.message.text as { body?: unknown } | undefined)?.body;
        return got.length === 1 && body === `run ${run} message ${i}` ? [] : [`message ${i}: forwarded ${timesForwarded(events, e.id)}×${got.length ? `, body ${JSON.stringify(body)}` : ''}`];
      });
      expect(wrong.length === 0, `messages delivered in the order ${permutation.join(',')} were not each forwarded once with their content`, 'every message once, exact', wrong.join('; '));
    });
  },
});
