import { isDeepStrictEqual } from 'node:util';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { showJson } from '../../harness/verify/show.ts';
import { outboundMessage, sendBody } from '../../generators/outbound-message.ts';

export default defineCase({
  id: 'E2E-every-type-decrypts',
  title: 'For every message type the consumer decrypts content semantically equal to what the business sent',
  clause: {
    text: 'Paraphrase of Meta: the Cloud API encrypts the business\'s message with the Signal protocol, using the keys negotiated with the recipient. Protocol: the plaintext is the content object, type and the object named by it exactly as the Graph API send request has them, and context when the message replies to another.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#signal-end-to-end; harness/PROTOCOL.md#7-plaintext-inside-signal-messages',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision'],
  faults: ['media-caption-dropped', 'location-unsupported'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    const first = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: 'hi' } });
    await world.settle();
    await ctx.property(outboundMessage({ replyTo: [first.id] }), async (m) => {
      const id = expectSendAccepted(await world.graph.sendMessage(business, sendBody(consumer.waId, m)), consumer.waId);
      const got = await expectDecryptedByConsumer(world, consumer, id);
      const content = got.content as Record<string, unknown>;
      const want: Record<string, unknown> = { type: m.type, [m.type]: m.payload };
      if (m.context) want.context = m.context;
      // JSON round trip: what the consumer can get is what JSON carries.
      const expected = JSON.parse(JSON.stringify(want)) as Record<string, unknown>;
      const actual = Object.fromEntries(Object.keys(expected).map((k) => [k, content[k]]));
      expect(isDeepStrictEqual(actual, expected), `the decrypted ${m.type} content is not what the business sent`, showJson({ v: 0, ...expected }), showJson(content));
    });
  },
});
