import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import type { Exchange } from '../../harness/core/wire-log.ts';
import type { World } from '../../harness/run/world.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { settleForwarded, timesForwarded } from '../../harness/verify/inbound-forwarded.ts';
import { scanExchanges } from '../../harness/leak/scan.ts';
import { textBody } from '../../generators/text-body.ts';
import { textWithCanary } from '../../generators/canary.ts';
import { sendBody } from '../../generators/outbound-message.ts';
import { canaryMessage, INBOUND_TEXT_TYPES, OUTBOUND_TEXT_TYPES, type CanaryMessage } from '../../generators/canary-message.ts';

/** One message of every type with free text, each direction, a canary in every free-text field. */
const everyType = fc.record({
  outbound: fc.tuple(...OUTBOUND_TEXT_TYPES.map((type) => canaryMessage({ direction: 'outbound', types: [type] }))),
  inbound: fc.tuple(...INBOUND_TEXT_TYPES.map((type) => canaryMessage({ direction: 'inbound', types: [type] }))),
});

/**
 * What the target sent toward WhatsApp since `after` (envelopes, key uploads,
 * receipts: URL, headers, body), and what it answered the transport's calls.
 */
function transportSide(world: World, after: number): Exchange[] {
  const log = world.wireLog();
  const sent = log.on('transport').filter((x) => x.seq > after);
  const answers = log
    .on('transport-endpoint')
    .filter((x) => x.seq > after)
    .map((x) => ({ ...x, url: `${x.url} (answer)`, requestHeaders: {}, requestBody: x.responseBody ?? Buffer.alloc(0) }));
  return [...sent, ...answers];
}

function expectNoCanary(world: World, after: number, messages: readonly CanaryMessage[]): void {
  const findings = scanExchanges(transportSide(world, after), messages.map((m) => m.canary));
  const which = (canary: string) => messages.find((m) => m.canary === canary);
  expect(
    findings.length === 0,
    'a content canary is readable on the transport channel outside the Signal ciphertext',
    'no form of any canary (raw, case-folded, URL-encoded, JSON-escaped, hex, base64, UTF-16, compressed, hashed) anywhere the transport sees',
    findings
      .slice(0, 5)
      .map((f) => {
        const m = which(f.canary);
        return `${m ? `${m.direction} ${m.type} (${m.fields.join(', ')}): ` : ''}${f.chain}`;
      })
      .join('; '),
  );
}

export default defineCase({
  id: 'E2E-transport-ciphertext-only',
  title: 'Content of every message type, both ways, reaches WhatsApp\'s transport only as Signal ciphertext',
  clause: {
    text: '"WhatsApp cannot access any message content exchanged between users and businesses." Protocol: content, captions, filenames or any encoding of them never appear outside the envelope `body`.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; docs/cloud-api-rules.md#signal-end-to-end; harness/PROTOCOL.md#4-the-transport-served-by-the-harness-the-target-calls-it',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision'],
  faults: ['envelope-plaintext-metadata', 'transport-preview-non-text'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    await world.openWindow(business, consumer);
    const last = () => world.wireLog().all().at(-1)?.seq ?? 0;

    // Long and hostile text bodies.
    await ctx.property(textWithCanary(textBody({ maxLength: 3000 })), async ({ body, canary }) => {
      const mark = last();
      const id = expectSendAccepted(await world.graph.sendText(business, consumer.waId, body), consumer.waId);
      // The envelope must be real ciphertext for this consumer, not content in another wrapper.
      await expectDecryptedByConsumer(world, consumer, id);
      expectNoCanary(world, mark, [{ direction: 'outbound', type: 'text', payload: { body }, canary, fields: ['body'] }]);
    });

    // Every type with free text, both directions: captions, filenames, names, buttons, parameters…
    await ctx.property(everyType, async ({ outbound, inbound }) => {
      // Judged message by message, so a failing run stops (and shrinks) at the first leak.
      for (const m of outbound) {
        const before = last();
        const id = expectSendAccepted(await world.graph.sendMessage(business, sendBody(consumer.waId, { type: m.type, payload: m.payload })), consumer.waId);
        await expectDecryptedByConsumer(world, consumer, id);
        expectNoCanary(world, before, [m]);
      }
      const mark = last();
      const ids: string[] = [];
      for (const m of inbound) ids.push((await consumer.send(business.waId, { v: 0, type: m.type, [m.type]: m.payload })).id);
      // Processed (forwarded), so whatever the target does with an inbound message has been done; then it tells the transport it read them.
      if (world.has('webhooks') && world.has('control.idle')) {
        const events = await settleForwarded(world, business, ids);
        for (const [i, id] of ids.entries()) {
          expect(timesForwarded(events, id) === 1, `the consumer's ${inbound[i]!.type} message was not forwarded`, '1 webhook', String(timesForwarded(events, id)));
          await world.graph.markRead(business, id, i === ids.length - 1);
        }
      }
      await world.settle();
      expectNoCanary(world, mark, inbound);
    }, { runs: Math.min(ctx.runs, 4) });
  },
});
