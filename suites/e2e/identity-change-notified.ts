import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import { messageEvents } from '../../harness/verify/webhook-events.ts';
import { showJson } from '../../harness/verify/show.ts';

export default defineCase({
  id: 'E2E-identity-change-notified',
  title: 'A consumer who reinstalls is trusted anew, the business is told, and replies go to the new identity only',
  clause: {
    text: 'Incoming message types include system messages (messages webhook). Protocol: a consumer\'s new identity key is announced to the business as a `messages` webhook of type `system` with `system.type` "customer_identity_changed".',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages — "Payload structures"; docs/cloud-api-rules.md#webhook-payload-shape; harness/PROTOCOL.md#9-identity-change-protocol-v0-additive',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'webhooks', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['identity-change-ignored'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    const hello = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: 'hello' } });
    await settleForwarded(world, business, [hello.id]);
    await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'hi'), consumer.waId));
    const quiet = messageEvents(world.webhooks(business)).filter((e) => e.message.type === 'system');
    expect(quiet.length === 0, 'a security notification came without any identity change', 'no system message', showJson(quiet[0]?.message));

    await consumer.reinstall();
    const after = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: 'new phone' } });
    const events = await settleForwarded(world, business, [after.id]);
    expect(timesForwarded(events, after.id) === 1, 'the reinstalled consumer\'s first message was not forwarded once', '1', String(timesForwarded(events, after.id)));
    const notices = events.filter(
      (e) =>
        e.message.type === 'system' &&
        e.message.from === consumer.waId &&
        (e.message.system as { type?: unknown } | undefined)?.type === 'customer_identity_changed',
    );
    expect(
      notices.length === 1,
      'the business was not told once that the consumer\'s identity changed',
      'one messages webhook {type: "system", system: {type: "customer_identity_changed"}} from the consumer',
      `${notices.length} such notifications`,
    );

    // The reply must be encrypted to the identity the consumer now publishes.
    const reply = expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'welcome back'), consumer.waId);
    const got = await expectDecryptedByConsumer(world, consumer, reply);
    expect((got.content as { text?: { body?: unknown } }).text?.body === 'welcome back', 'the reply decrypted to other content', 'welcome back', showJson(got.content));
  },
});
