import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { DAY_MS } from '../../harness/core/durations.ts';


export default defineCase({
  id: 'E2E-session-expires-after-30-days',
  title: 'A session the consumer never answered is replaced after 30 virtual days, and the message still arrives',
  clause: {
    text: 'Protocol: every libsignal call takes `now` from the virtual clock; a session the consumer never answered becomes unusable after 30 days, and the target then starts a new one from a freshly fetched bundle.',
    source: 'harness/PROTOCOL.md#10-signal-operations-replays-and-damage-protocol-v0-clarifications; docs/cloud-api-rules.md#virtual-time-in-signal-sessions; harness/PROTOCOL.md#3-virtual-clock-and-idleness',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision', 'control.clock', 'control.idle'],
  faults: ['session-expiry-ignored'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    await ctx.property(
      // Day 0 opens the session; day 29 (no answer) keeps the consumer's data at rest without
      // refreshing the session; on day 31–58 the session is stale but not yet purged (30-day retention).
      fc.integer({ min: 31, max: 58 }),
      async (days) => {
        const consumer = await world.signalConsumer();
        // The business opens the session (a template, as a business writing first must) and the consumer never answers.
        await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendTemplate(business, consumer.waId, 'first_contact'), consumer.waId));
        await world.advanceClock(29 * DAY_MS);
        await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendTemplate(business, consumer.waId, 'day_29'), consumer.waId));
        await world.advanceClock((days - 29) * DAY_MS);
        // Long past the 24-hour window: a business writes again with a template.
        const name = `after_${days}_days`;
        const later = expectSendAccepted(await world.graph.sendTemplate(business, consumer.waId, name), consumer.waId);
        const got = await expectDecryptedByConsumer(world, consumer, later);
        expect((got.content as { template?: { name?: unknown } }).template?.name === name, 'the message after the pause decrypted to other content', `a template named ${name}`, JSON.stringify(got.content));
      },
      { runs: 3 },
    );
  },
});
