import { defineCase } from '../../harness/core/case.ts';
import { expect } from '../../harness/core/context.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectDecryptedByConsumer } from '../../harness/verify/consumer-receive.ts';
import { scanExchanges } from '../../harness/leak/scan.ts';
import { textBody } from '../../generators/text-body.ts';
import { textWithCanary } from '../../generators/canary.ts';

export default defineCase({
  id: 'E2E-transport-ciphertext-only',
  title: 'Content reaches WhatsApp\'s transport only as Signal ciphertext',
  clause: {
    text: 'Messages between user and Cloud API are protected by the Signal protocol; keys negotiated between the user and the Cloud API (on behalf of the business). WhatsApp cannot read content.',
    source: 'seed promise S1 (CLOUD-API-FACTS §1)',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'control.provision'],
  faults: ['envelope-plaintext-metadata'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    await world.openWindow(business, consumer);
    await ctx.property(textWithCanary(textBody({ maxLength: 3000 })), async ({ body, canary }) => {
      const id = expectSendAccepted(await world.graph.sendText(business, consumer.waId, body), consumer.waId);
      // The envelope must be real ciphertext for this consumer, not content in another wrapper.
      await expectDecryptedByConsumer(world, consumer, id);
      const findings = scanExchanges(world.env.logs.current.on('transport'), [canary]);
      expect(
        findings.length === 0,
        'the content canary is readable on the transport channel outside the Signal ciphertext',
        'no form of the canary (raw, case-folded, URL-encoded, JSON-escaped, hex, base64, UTF-16, compressed, hashed) anywhere the transport sees',
        findings.map((f) => f.chain).join('; '),
      );
    });
  },
});
