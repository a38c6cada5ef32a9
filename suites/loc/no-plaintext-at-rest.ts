import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectReachedConsumer } from '../../harness/verify/consumer-receive.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { scanStorage } from '../../harness/verify/retention.ts';
import { canary, phone } from '../../harness/verify/storage-secrets.ts';

export default defineCase({
  id: 'LOC-no-plaintext-at-rest',
  title: 'Content and consumer phone numbers are never readable at rest: text both ways, template parameters and biz_opaque_callback_data are encrypted, numbers tokenised, webhooks waiting for a retry included',
  clause: {
    text: 'Paraphrase of Meta: the Cloud API protects data at rest with industry-standard encryption, and the metadata kept with localized content is protected by tokenisation and encryption. No content and no consumer number is readable at rest.',
    source: 'docs/cloud-api-rules.md#encryption-in-transit-and-at-rest; https://developers.facebook.com/documentation/business-messaging/whatsapp/local-storage — "How local storage works"; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'consumer', 'control.provision', 'control.idle', 'control.storage'],
  faults: ['plaintext-at-rest', 'outbox-lane-in-clear'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    await ctx.property(
      fc.stringMatching(/^[a-z0-9]{10}$/),
      async (tag) => {
        // The business's endpoint is down, so webhooks wait at rest for their retries too.
        world.setWebhookMode(business, 'error-500');
        try {
          await scenario(tag);
        } finally {
          world.setWebhookMode(business, 'ok');
        }
      },
      { runs: Math.min(ctx.runs, 3) },
    );

    async function scenario(tag: string): Promise<void> {
      const consumer = await world.consumer();
      const inText = `rest-in ${tag}`;
      const outText = `rest-out ${tag}`;
      const param = `rest-param ${tag}`;
      await consumer.write(business.waId, { v: 0, type: 'text', text: { body: inText } });
      await world.settle();
      const opaque = `rest-opaque ${tag}`;
      const id = expectSendAccepted(
        await world.graph.sendMessage(business, { messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'text', text: { body: outText }, biz_opaque_callback_data: opaque }),
        consumer.waId,
      );
      await expectReachedConsumer(world, consumer, id);
      const tpl = expectSendAccepted(
        await world.graph.sendMessage(business, {
          messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'template',
          template: { name: 'order_update', language: { code: 'en_US' }, components: [{ type: 'body', parameters: [{ type: 'text', text: param }] }] },
        }),
        consumer.waId,
      );
      await expectReachedConsumer(world, consumer, tpl);
      await world.settle();
      expectNoLeaks(
        await scanStorage(world, [canary(inText), canary(outText), canary(param, 'template parameter'), canary(opaque, 'biz_opaque_callback_data'), phone(consumer.waId)]),
        'content or a consumer phone number is readable in the storage dump',
        'content only encrypted and numbers only as keyed tokens at rest (no raw, encoded or plainly hashed form)',
      );
    }
  },
});
