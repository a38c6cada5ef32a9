import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import { showJson } from '../../harness/verify/show.ts';
import { contentObject, contentSample, sendRequest, type ContentSample } from '../../generators/content-sample.ts';

const turn = fc.record({ fromConsumer: fc.boolean(), sample: contentSample() });
const FIRST_CONTACT_TEMPLATE: ContentSample = { type: 'template', payload: { name: 'first_contact', language: { code: 'en_US' } } };

export default defineCase({
  id: 'E2E-first-contact-both-directions',
  title: 'Either side may speak first; PreKey first contact, then ratcheted messages, carry every content exactly',
  clause: {
    text: 'Paraphrase of Meta: the Cloud API decrypts a user\'s message and forwards it to the business; it encrypts the business\'s message with the Signal protocol, using the keys negotiated with the user, before sending it via WhatsApp.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#signal-end-to-end; harness/PROTOCOL.md#7-plaintext-inside-signal-messages',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'webhooks', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['inbound-text-trimmed', 'outbound-text-trimmed'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    // A fresh consumer per conversation, so the first turn is always first contact.
    await ctx.property(fc.array(turn, { minLength: 2, maxLength: 6 }), async (turns) => {
      const consumer = await world.signalConsumer();
      let windowOpen = false;
      for (const [i, turn] of turns.entries()) {
        const { fromConsumer } = turn;
        // A business that speaks first (or before the consumer ever wrote) sends a template, as the Cloud API requires.
        const sample = fromConsumer || windowOpen ? turn.sample : FIRST_CONTACT_TEMPLATE;
        windowOpen ||= fromConsumer;
        if (fromConsumer) {
          const sent = await consumer.send(business.waId, contentObject(sample));
          expect(sent.response.status === 200, `turn ${i + 1}: the transport endpoint refused a consumer message`, '200', String(sent.response.status));
          const events = await settleForwarded(world, business, [sent.id]);
          expect(timesForwarded(events, sent.id) === 1, `turn ${i + 1}: the consumer's message was not forwarded once`, '1 webhook', String(timesForwarded(events, sent.id)));
          const got = events.find((e) => e.message.id === sent.id)!.message;
          expect(
            got.type === sample.type && isDeepStrictEqual(got[sample.type], sample.payload),
            `turn ${i + 1}: the business received different content (envelope type ${sent.type})`,
            showJson({ type: sample.type, [sample.type]: sample.payload }),
            showJson({ type: got.type, [String(got.type)]: got[String(got.type)] }),
          );
        } else {
          const id = expectSendAccepted(await world.graph.sendMessage(business, sendRequest(consumer.waId, sample)), consumer.waId);
          const got = await expectDecryptedByConsumer(world, consumer, id);
          const content = got.content as Record<string, unknown>;
          expect(
            content.type === sample.type && isDeepStrictEqual(content[sample.type], sample.payload),
            `turn ${i + 1}: the consumer decrypted different content (envelope type ${got.envelope.type})`,
            showJson(contentObject(sample)),
            showJson(content),
          );
        }
      }
    });
  },
});
