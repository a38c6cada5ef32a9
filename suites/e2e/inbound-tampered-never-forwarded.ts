import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import { messageEvents } from '../../harness/verify/webhook-events.ts';
import { newMessageId } from '../../harness/parties/consumer.ts';
import { applyTamper, describeTamper, tamper } from '../../generators/tamper.ts';

export default defineCase({
  id: 'E2E-inbound-tampered-never-forwarded',
  title: 'A damaged consumer message is never forwarded, and the next genuine one still is',
  clause: {
    text: 'Paraphrase of Meta: once the Cloud API receives a user\'s message it decrypts it and forwards it to the business. Protocol: an envelope it cannot decrypt is acknowledged and never forwarded, and the session survives.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; harness/PROTOCOL.md#5-the-transport-endpoint-served-by-the-target-the-harness-calls-it; harness/PROTOCOL.md#10-signal-operations-replays-and-damage-protocol-v0-clarifications',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'webhooks', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['tampered-forwarded-as-empty'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    // Both ways once, so the consumer's further messages are ratcheted Whisper messages.
    const hello = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: 'hello' } });
    await settleForwarded(world, business, [hello.id]);
    await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'hi'), consumer.waId));
    let n = 0;
    await ctx.property(fc.array(tamper(), { minLength: 1, maxLength: 3 }), async (tampers) => {
      const before = messageEvents(world.webhooks(business)).length;
      const bad: string[] = [];
      const good: string[] = [];
      for (const t of tampers) {
        const genuine = await consumer.encrypt(business.waId, { v: 0, type: 'text', text: { body: `genuine ${++n}` } });
        const damaged = applyTamper(t, genuine.type, Buffer.from(genuine.body, 'base64'));
        const id = newMessageId();
        bad.push(id);
        const r = await consumer.post({ ...genuine, id, type: damaged.type, body: damaged.body.toString('base64') });
        // Refusing an impossible type tag outright (400) is as good as acknowledging it.
        expect(r.response.status === 200 || r.response.status === 400, `the transport endpoint answered ${r.response.status} to a damaged envelope (${describeTamper(t)})`, '200 (or 400 for a bad type tag)', String(r.response.status));
        good.push((await consumer.post(genuine)).id);
      }
      const events = await settleForwarded(world, business, good);
      const leaked = bad.filter((id) => timesForwarded(events, id) > 0);
      expect(leaked.length === 0, 'a damaged envelope was forwarded to the business', 'no webhook for any damaged envelope', `forwarded: ${tampers.map(describeTamper).join('; ')}`);
      const missing = good.filter((id) => timesForwarded(events, id) !== 1);
      expect(missing.length === 0, 'the genuine message after a damaged one was not forwarded exactly once', 'each genuine message once', `${missing.length} of ${good.length} not forwarded once`);
      const extra = events.length - before - good.length;
      expect(extra === 0, 'the business received messages nobody sent', `${good.length} new messages`, `${events.length - before}`);
    });
  },
});
