import fc from 'fast-check';
import { CiphertextMessageType, SignalMessage } from '@signalapp/libsignal-client';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import type { OutgoingEnvelope } from '../../harness/parties/consumer.ts';

export default defineCase({
  id: 'E2E-concurrent-sends-distinct-keys',
  title: 'Concurrent sends to one consumer, with its messages arriving meanwhile, never reuse a message key',
  clause: {
    text: 'Paraphrase of Meta: the Cloud API encrypts every message of the business with the Signal protocol, using the keys negotiated with the recipient, before sending it via WhatsApp. Protocol: Signal operations on one session are serialised; two concurrent encrypts never reuse a message key.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#virtual-time-in-signal-sessions; harness/PROTOCOL.md#10-signal-operations-replays-and-damage-protocol-v0-clarifications',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'webhooks', 'transport.signal', 'control.provision', 'control.idle'],
  faults: ['concurrent-encrypts-unqueued'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    const hello = await consumer.send(business.waId, { v: 0, type: 'text', text: { body: 'hello' } });
    await settleForwarded(world, business, [hello.id]);
    await expectDecryptedByConsumer(world, consumer, expectSendAccepted(await world.graph.sendText(business, consumer.waId, 'hi'), consumer.waId));
    const load = fc.record({ outbound: fc.integer({ min: 2, max: 12 }), inbound: fc.integer({ min: 0, max: 4 }) });
    let run = 0;
    await ctx.property(load, async ({ outbound, inbound }) => {
      run++;
      // The consumer's own encrypts are serialised here; only the target is under test.
      const mine: OutgoingEnvelope[] = [];
      for (let i = 0; i < inbound; i++) mine.push(await consumer.encrypt(business.waId, { v: 0, type: 'text', text: { body: `in ${run}.${i}` } }));
      const [answers, posted] = await Promise.all([
        Promise.all(Array.from({ length: outbound }, (_, i) => world.graph.sendText(business, consumer.waId, `out ${run}.${i}`))),
        Promise.all(mine.map((e) => consumer.post(e))),
      ]);
      const ids = answers.map((a) => expectSendAccepted(a, consumer.waId));
      const received = [];
      for (const id of ids) received.push(await expectDecryptedByConsumer(world, consumer, id));
      const bodies = received.map((r) => (r.content as { text?: { body?: unknown } }).text?.body);
      const wrongBody = ids.findIndex((_, i) => bodies[i] !== `out ${run}.${i}`);
      expect(wrongBody === -1, 'a concurrently sent message decrypted to another message\'s content', `out ${run}.${wrongBody}`, String(bodies[wrongBody]));
      // Same ratchet chain and counter would mean the same message key and IV.
      const keys = received
        .filter((r) => r.envelope.type === CiphertextMessageType.Whisper)
        .map((r) => SignalMessage.deserialize(new Uint8Array(r.envelope.body)))
        .map((m) => `${m.counter()}`);
      const reused = keys.filter((k, i) => keys.indexOf(k) !== i);
      expect(reused.length === 0, 'two ciphertexts to one consumer share a message counter', 'a distinct counter per message', `counters ${keys.join(',')}`);
      const events = await settleForwarded(world, business, posted.map((p) => p.id));
      const lost = posted.filter((p) => timesForwarded(events, p.id) !== 1);
      expect(lost.length === 0, 'a consumer message sent while the business was sending was not forwarded once', `${posted.length} forwarded`, `${lost.length} not forwarded once`);
    });
  },
});
