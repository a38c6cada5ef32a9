import fc from 'fast-check';
import { CiphertextMessageType } from '@signalapp/libsignal-client';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import { expectPublishedBundlesVerify, uploadsOf } from '../../harness/verify/published-bundles.ts';
import { textBody } from '../../generators/text-body.ts';

export default defineCase({
  id: 'E2E-identity-survives-restart',
  title: 'After a crash and restart the business has the same identity key and its sessions carry on in both directions',
  clause: {
    text: 'Paraphrase of Meta: per the Signal protocol, the user and the Cloud API, acting on behalf of the business, negotiate encryption keys. Protocol: a business has one identity key for as long as it exists; after a restart the target resumes from what it stored, as on a real start, and its sessions carry on.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; harness/PROTOCOL.md#13-keys-over-time-capability-signalrotation-additive; harness/PROTOCOL.md#3-virtual-clock-and-idleness',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'webhooks', 'transport.signal', 'control.provision', 'control.idle', 'control.restart'],
  faults: ['identity-regenerated-on-restart', 'sessions-lost-on-restart'],
  async run(ctx) {
    const { world } = ctx;
    const keys = world.keyDirectory();
    const plan = fc.record({
      // Ratchet turns before the crash: each a consumer message and a business answer.
      turns: fc.integer({ min: 1, max: 3 }),
      before: textBody({ maxLength: 200 }),
      after: textBody({ maxLength: 200 }),
      reply: textBody({ maxLength: 200 }),
    });
    await ctx.property(plan, async ({ turns, before, after, reply }) => {
      const business = await world.business();
      const consumer = await world.signalConsumer();
      for (let i = 0; i < turns; i++) {
        const sent = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: `${before} #${i}` } });
        const events = await settleForwarded(world, business, [sent.id]);
        expect(timesForwarded(events, sent.id) === 1, `turn ${i + 1} before the restart: the consumer's message was not forwarded`, '1 webhook', String(timesForwarded(events, sent.id)));
        await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendText(business, consumer.waId, `answer #${i}`), consumer.waId));
      }
      const identity = expectPublishedBundlesVerify(uploadsOf(keys, business.waId));

      await world.restart();
      await world.settle();
      // Whatever the target published since (a top-up, a rotation), it is under the identity it had.
      expectPublishedBundlesVerify(uploadsOf(keys, business.waId), identity);

      // The consumer carries on the session it has: a ratcheted message, no new handshake.
      const next = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: after } });
      expect(next.type === CiphertextMessageType.Whisper, 'the harness consumer should be mid-session', 'a Whisper message', `envelope type ${next.type}`);
      const events = await settleForwarded(world, business, [next.id]);
      const got = events.find((e) => e.message.id === next.id)?.message;
      expect(
        timesForwarded(events, next.id) === 1,
        'a ratcheted message on a session opened before the restart was not forwarded: the session did not survive',
        '1 webhook with the message',
        String(timesForwarded(events, next.id)),
      );
      expect((got?.text as { body?: unknown } | undefined)?.body === after, 'the message after the restart arrived with other text', JSON.stringify(after), JSON.stringify(got?.text));

      const answer = await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendText(business, consumer.waId, reply), consumer.waId));
      expect(
        answer.envelope.type === CiphertextMessageType.Whisper,
        'after the restart the business answered with a new handshake instead of the session it had',
        'a Whisper (2) message on the existing session',
        `envelope type ${answer.envelope.type}`,
      );
      expect((answer.content as { text?: { body?: unknown } }).text?.body === reply, 'the business\'s answer after the restart decrypted to other text', JSON.stringify(reply), JSON.stringify(answer.content));
    }, { runs: Math.min(ctx.runs, 3) });
  },
});
