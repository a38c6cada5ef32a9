import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectReachedConsumer } from '../../harness/verify/consumer-receive.ts';
import { textBody } from '../../generators/text-body.ts';

export default defineCase({
  id: 'HOOK-signature-valid',
  title: 'Every webhook carries X-Hub-Signature-256 over the raw body with the business\'s own app secret',
  clause: {
    text: 'Paraphrase of Meta: every event notification carries X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the exact payload bytes under the app secret>.',
    source: 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started — "Validating Payloads"; docs/cloud-api-rules.md#webhook-signature; harness/PROTOCOL.md#8-webhooks-the-target-calls-the-business',
  },
  severity: 'MUST',
  requires: ['webhooks', 'graph.messages', 'consumer', 'control.provision'],
  faults: ['webhook-wrong-secret', 'webhook-signature-reserialised', 'webhook-other-tenant-secret'],
  async run(ctx) {
    const { world } = ctx;
    // Two tenants, so a signature made with the other one's secret is caught too.
    const businesses = [await world.business(), await world.business()];
    const consumer = await world.consumer();
    for (const b of businesses) await world.openWindow(b, consumer);
    const workload = fc.array(fc.record({ to: fc.nat({ max: 1 }), inbound: fc.boolean(), body: textBody({ maxLength: 100 }) }), { minLength: 1, maxLength: 4 });
    await ctx.property(workload, async (steps) => {
      for (const step of steps) {
        const business = businesses[step.to]!;
        if (step.inbound) {
          await consumer.write(business.waId, { v: 0, type: 'text', text: { body: step.body } });
        } else {
          const id = expectSendAccepted(await world.graph.sendText(business, consumer.waId, step.body), consumer.waId);
          await expectReachedConsumer(world, consumer, id);
          await consumer.acknowledge('read', business.waId, [id]);
        }
      }
      await world.settle();
      for (const business of businesses) {
        for (const d of world.webhooks(business)) {
          expect(
            d.signatureValid,
            `a webhook to business ${business.key} is not signed with its app secret over the raw body`,
            'X-Hub-Signature-256: sha256=<HMAC-SHA256(app secret of this business, raw body)>',
            `X-Hub-Signature-256: ${d.signatureHeader ?? '(absent)'}${d.verifiesFor.length ? ` (verifies under the secret of ${d.verifiesFor.join(', ')})` : ''}`,
          );
        }
      }
      const total = businesses.reduce((n, b) => n + world.webhooks(b).length, 0);
      expect(total > 0, 'the workload produced no webhook at all', 'status and message webhooks', 'none');
    });
  },
});
