import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { granularity } from '../../harness/verify/retention.ts';
import { DAY_MS, HOUR_MS, RETENTION_MS } from '../../harness/core/durations.ts';

// libsignal's message types: a PreKey message starts a session, a Whisper message continues one.
const PREKEY = 3;

export default defineCase({
  id: 'RET-session-purged-per-business',
  title: 'Once a consumer\'s last message with one business is 30 days old, that business has forgotten them (its next message starts a new Signal session), whatever they exchange with another business',
  clause: {
    text: '"Phone numbers are only used as sources or destinations of messages and are deleted when the messages are." Protocol: once a consumer\'s last message with a business number is gone, no form of their number remains in that business\'s records, the Signal session with them included; the count is per business number, so newer messages with another number keep nothing of the first.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Stored and Collected Data"; docs/cloud-api-rules.md#phone-numbers-deleted-with-messages; harness/PROTOCOL.md#12-retention-offline-consumers-encryption-at-rest-capability-retention-additive',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision', 'control.clock', 'control.idle', 'retention'],
  faults: ['purge-waits-for-other-businesses'],
  async run(ctx) {
    const { world } = ctx;
    const g = granularity(world);
    const a = await world.business();
    const b = await world.business();
    const consumer = await world.signalConsumer();
    await world.openWindow(a, consumer);
    await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendText(a, consumer.waId, `from ${a.key}`), consumer.waId));
    const t0 = world.clock.ms;
    await world.advanceClock(10 * DAY_MS);
    await world.openWindow(b, consumer);
    await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendText(b, consumer.waId, `from ${b.key}`), consumer.waId));
    await world.advanceClock(t0 + RETENTION_MS + HOUR_MS + g - world.clock.ms);
    await world.settle();
    // b's conversation is 20 days old: kept or not, its template must reach the consumer.
    await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendTemplate(b, consumer.waId), consumer.waId));
    const id = expectSendAccepted(await world.graph.sendTemplate(a, consumer.waId), consumer.waId);
    const got = await expectDecryptedByConsumer(world, consumer, id);
    expect(
      got.envelope.type === PREKEY,
      `${a.key} still had its Signal session with the consumer 30 days + 1 h after their last message (the consumer wrote to ${b.key} 10 days later)`,
      `a PreKey message (type ${PREKEY}): a new session from the key directory`,
      `envelope type ${got.envelope.type}`,
    );
  },
});
