import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { settleForwarded } from '../../harness/verify/inbound-forwarded.ts';
import { identityKeyHash } from '../../harness/signal/identity-hash.ts';
import type { Business, World } from '../../harness/run/world.ts';

const pinned = (world: World, b: Business, to: string, body: string, hash: string) =>
  world.graph.sendMessage(b, { messaging_product: 'whatsapp', recipient_type: 'individual', to, type: 'text', text: { body }, recipient_identity_key_hash: hash });

export default defineCase({
  id: 'E2E-identity-key-hash-mismatch',
  title: 'A send pinned to the consumer\'s old identity key is refused with 137000 after the consumer reinstalls',
  clause: {
    text: 'Error 137000: the recipient\'s identity key no longer matches the send\'s recipient_identity_key_hash; the send is refused and nothing is sent. The HTTP status is not pinned: any 4xx with code 137000.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; docs/cloud-api-rules.md#identity-key-mismatch-status; harness/PROTOCOL.md#9-identity-change-protocol-v0-additive',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'webhooks', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['identity-hash-unchecked'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    const hello = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: 'hello' } });
    await settleForwarded(world, business, [hello.id]);
    const oldHash = identityKeyHash(consumer.identityKey);
    const matching = expectSendAccepted(await pinned(world, business, consumer.waId, 'pinned hi', oldHash), consumer.waId);
    await expectDecryptedByConsumer(world, consumer, matching);

    await consumer.reinstall();
    const after = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: 'new phone' } });
    await settleForwarded(world, business, [after.id]);
    const sent = world.relayedEnvelopes().length;
    const stale = await pinned(world, business, consumer.waId, 'to the old phone', oldHash);
    const code = (stale.json as { error?: { code?: unknown } } | undefined)?.error?.code;
    expect(
      stale.status >= 400 && stale.status < 500 && code === 137000,
      'a send pinned to the consumer\'s previous identity key was not refused with 137000',
      '4xx {"error": {"code": 137000}}',
      `HTTP ${stale.status} ${stale.body.toString("utf8").slice(0, 200)}`,
    );
    await world.settle();
    expect(world.relayedEnvelopes().length === sent, 'the refused message still reached the transport', 'no new envelope', `${world.relayedEnvelopes().length - sent} new`);
    const fresh = expectSendAccepted(await pinned(world, business, consumer.waId, 'pinned again', identityKeyHash(consumer.identityKey)), consumer.waId);
    await expectDecryptedByConsumer(world, consumer, fresh);
  },
});
