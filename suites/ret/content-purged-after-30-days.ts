import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectReachedConsumer } from '../../harness/verify/consumer-receive.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import { RETENTION_MS } from '../../harness/core/durations.ts';
import { granularity, scanStorage } from '../../harness/verify/retention.ts';
import { canary, messageId } from '../../harness/verify/storage-secrets.ts';
import { justAfter } from '../../generators/near-limit.ts';

export default defineCase({
  id: 'RET-content-purged-after-30-days',
  title: 'Thirty days after a message, nothing of it (content, id, biz_opaque_callback_data) is left in the target\'s storage, both directions',
  clause: {
    text: '"Messages have a maximum retention period of 30 days in order to provide the base features and functionality of the Cloud API service; for example, retransmissions. After 30 days, these features and functionality are no longer available."',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#retention-30-days; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'consumer', 'control.provision', 'control.clock', 'control.idle', 'control.storage', 'retention'],
  faults: ['retention-31-days', 'retention-off-by-one', 'opaque-data-kept-after-purge'],
  async run(ctx) {
    const { world } = ctx;
    const g = granularity(world);
    await ctx.property(
      fc.record({ after: justAfter(), tag: fc.stringMatching(/^[a-z0-9]{8}$/) }),
      async ({ after, tag }) => {
        const business = await world.business();
        const consumer = await world.consumer();
        const inText = `inbound canary ${tag} ${ctx.seed}`;
        const outText = `outbound canary ${tag} ${ctx.seed}`;
        const inbound = await consumer.write(business.waId, { v: 0, type: 'text', text: { body: inText } });
        await world.settle();
        const opaque = `opaque canary ${tag} ${ctx.seed}`;
        const id = expectSendAccepted(
          await world.graph.sendMessage(business, { messaging_product: 'whatsapp', recipient_type: 'individual', to: consumer.waId, type: 'text', text: { body: outText }, biz_opaque_callback_data: opaque }),
          consumer.waId,
        );
        await expectReachedConsumer(world, consumer, id);
        await world.settle();
        await world.advanceClock(RETENTION_MS + after + g);
        await world.settle();
        const findings = await scanStorage(world, [canary(inText), canary(outText), canary(opaque, 'biz_opaque_callback_data'), messageId(id), messageId(inbound.id)]);
        expectNoLeaks(
          findings,
          `30 days + ${after} ms (+ ${g} ms sweep granularity) after the messages, the target still stores them`,
          'no trace of either message (content in any encoding, message id, the business\'s opaque callback data) in the storage dump',
        );
      },
      { runs: Math.min(ctx.runs, 5) },
    );
  },
});
