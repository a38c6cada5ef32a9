import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import { newMessageId } from '../../harness/parties/consumer.ts';
import { textBody } from '../../generators/text-body.ts';

export default defineCase({
  id: 'E2E-inbound-replay-forwarded-once',
  title: 'A replayed consumer envelope, under its own id or a new one, is forwarded once only',
  clause: {
    text: 'Paraphrase of Meta: once the Cloud API receives a user\'s message it decrypts it and forwards it to the business. Protocol: an envelope it has already processed (same id, or libsignal reports a duplicate) is acknowledged and never forwarded.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; harness/PROTOCOL.md#5-the-transport-endpoint-served-by-the-target-the-harness-calls-it; harness/PROTOCOL.md#10-signal-operations-replays-and-damage-protocol-v0-clarifications',
  },
  severity: 'MUST',
  requires: ['webhooks', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['replay-forwarded-twice'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    const replay = fc.record({ body: textBody({ maxLength: 200 }), sameId: fc.nat({ max: 2 }), newId: fc.nat({ max: 2 }) });
    await ctx.property(replay, async ({ body, sameId, newId }) => {
      const sent = await consumer.send(business.waId, { v: 0, type: 'text', text: { body } });
      await settleForwarded(world, business, [sent.id]);
      const { response: _r, ...envelope } = sent;
      const copies: string[] = [];
      for (let i = 0; i < sameId; i++) await consumer.post(envelope);
      for (let i = 0; i < Math.max(1, newId); i++) copies.push((await consumer.post({ ...envelope, id: newMessageId() })).id);
      const events = await settleForwarded(world, business, []);
      expect(timesForwarded(events, sent.id) === 1, 'a replayed envelope (same id) was forwarded again', '1 webhook for the id', String(timesForwarded(events, sent.id)));
      const again = copies.filter((id) => timesForwarded(events, id) > 0);
      expect(again.length === 0, 'the same ciphertext under a new envelope id was forwarded again', 'no webhook for the copies', `${again.length} of ${copies.length} forwarded`);
    });
  },
});
