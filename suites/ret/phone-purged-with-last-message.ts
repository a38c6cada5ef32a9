import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectReachedConsumer } from '../../harness/verify/consumer-receive.ts';
import { expectNoLeaks } from '../../harness/verify/leaks.ts';
import type { Business, World } from '../../harness/run/world.ts';
import type { ConsumerParty } from '../../harness/parties/consumer-party.ts';
import { DAY_MS, RETENTION_MS } from '../../harness/core/durations.ts';
import { granularity, scanStorage } from '../../harness/verify/retention.ts';
import { messageId, phone } from '../../harness/verify/storage-secrets.ts';
import { justAfter } from '../../generators/near-limit.ts';

/** One exchange both ways, so the target holds the consumer as sender and as recipient. */
async function converse(world: World, business: Business, consumer: ConsumerParty): Promise<string> {
  await world.openWindow(business, consumer);
  const id = expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'reply'), consumer.waId);
  await expectReachedConsumer(world, consumer, id);
  await world.settle();
  return id;
}

export default defineCase({
  id: 'RET-phone-purged-with-last-message',
  title: 'Once a consumer\'s last message has passed 30 days, no form of their phone number is left at rest; a consumer with a newer message keeps it until theirs passes',
  clause: {
    text: '"User phone numbers are used as sources or destinations for individual messages; as such they are deleted when messages are deleted."',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#phone-numbers-deleted-with-messages; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'consumer', 'control.provision', 'control.clock', 'control.idle', 'control.storage', 'retention'],
  faults: ['phone-kept-after-purge', 'phone-hash-kept-after-purge', 'retention-31-days'],
  async run(ctx) {
    const { world } = ctx;
    const g = granularity(world);
    await ctx.property(
      fc.record({ gapDays: fc.integer({ min: 1, max: 29 }), after: justAfter() }),
      async ({ gapDays, after }) => {
        const business = await world.business();
        const old = await world.consumer();
        const newer = await world.consumer();
        const oldId = await converse(world, business, old);
        await world.advanceClock(gapDays * DAY_MS);
        const newerId = await converse(world, business, newer);

        // The old consumer's last message is past 30 days; the newer one's is not.
        await world.advanceClock(RETENTION_MS - gapDays * DAY_MS + after + g);
        await world.settle();
        expectNoLeaks(
          await scanStorage(world, [phone(old.waId), messageId(oldId)]),
          `30 days after ${old.waId}'s last message, their number is still at rest`,
          'no form of the number (raw, with/without +, formatted, md5/sha1/sha256/sha512, hex, base64) in any record',
        );
        const kept = (await world.storageDump()).length;
        expect(kept > 0, 'the storage dump is empty while a newer message is still inside its 30 days', 'records for the newer conversation', 'no records');

        await world.advanceClock(gapDays * DAY_MS);
        await world.settle();
        expectNoLeaks(
          await scanStorage(world, [phone(newer.waId), phone(old.waId), messageId(newerId)]),
          `30 days after ${newer.waId}'s last message, their number is still at rest`,
          'no form of either number in any record',
        );
      },
      { runs: Math.min(ctx.runs, 4) },
    );
  },
});
