import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { showJson } from '../../harness/verify/show.ts';
import { textBody } from '../../generators/text-body.ts';

export default defineCase({
  id: 'E2E-outbound-decrypts-exactly',
  title: 'The consumer decrypts exactly the text the business sent',
  clause: {
    text: 'Paraphrase of Meta: the Cloud API encrypts the business\'s message with the Signal protocol, using the keys negotiated with the user, before sending it via WhatsApp; the user reads exactly what the business sent.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#signal-end-to-end',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision'],
  faults: ['outbound-text-trimmed'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    await world.openWindow(business, consumer);
    // One consumer across runs: the first message sets up the session, the rest ride the ratchet.
    await ctx.property(textBody(), async (body) => {
      const id = expectSendAccepted(await world.graph.sendText(business, consumer.waId, body), consumer.waId);
      const got = await expectDecryptedByConsumer(world, consumer, id);
      const content = got.content as { type?: unknown; text?: { body?: unknown } };
      expect(
        content.type === 'text' && content.text?.body === body,
        'the decrypted content is not the text the business sent',
        showJson({ v: 0, type: 'text', text: { body } }),
        showJson(got.content),
      );
    });
  },
});
