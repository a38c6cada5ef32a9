import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { RETRY_AFTER_MS } from '../../harness/core/durations.ts';
import { sendUntilFailed } from '../../harness/verify/integrity-rejection.ts';

export default defineCase({
  id: 'INT-rejection-fails-131048',
  title: 'A message the transport rejects for integrity is reported failed with 131048',
  clause: {
    text: 'Paraphrase of Meta: WhatsApp detects unusual messaging patterns (like a business trying to message all users) and collects spam reports from users. Error 131048: spam rate limit.',
    source: 'https://developers.facebook.com/docs/whatsapp/cloud-api/overview/data-privacy-and-security — "Message Flows"; https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes/ — "WhatsApp error codes"; docs/cloud-api-rules.md#integrity-and-billing; harness/PROTOCOL.md#41-integrity-decisions-and-signals-capability-transportintegrity',
  },
  severity: 'MUST',
  requires: ['graph.messages', 'transport.signal', 'webhooks', 'control.provision', 'control.clock', 'control.idle', 'transport.integrity'],
  faults: ['integrity-reject-generic-code'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.signalConsumer();
    await world.openWindow(business, consumer);
    world.rejectEnvelopesFrom(business.waId, RETRY_AFTER_MS);
    await ctx.property(
      fc.string({ minLength: 1, maxLength: 40 }),
      async (text) => {
        const { status } = await sendUntilFailed(world, business, consumer.waId, { text: `spam? ${text}` });
        const codes = Array.isArray(status.errors) ? status.errors.map((e) => (e as { code?: unknown }).code) : [];
        expect(codes[0] === 131048, 'the failed status does not carry the spam rate limit code', 'errors[0].code 131048', JSON.stringify(status));
      },
      { runs: Math.min(ctx.runs, 3) },
    );
  },
});
