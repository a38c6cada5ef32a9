import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { messageEvents, statusEvents } from '../../harness/verify/webhook-events.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import type { Business } from '../../harness/run/world.ts';

const TENANTS = 3;

export default defineCase({
  id: 'HOOK-tenant-isolation',
  title: 'With several businesses at once, each webhook gets only its own events, signed only with its own secret',
  clause: {
    text: 'Paraphrase of Meta: every event notification carries X-Hub-Signature-256, the HMAC-SHA256 of the payload under the app secret. Each business has its own secret and receives only its own events.',
    source: 'https://developers.facebook.com/docs/graph-api/webhooks/getting-started — "Validating Payloads"; docs/cloud-api-rules.md#webhook-signature; docs/cloud-api-rules.md#visibility',
  },
  severity: 'MUST',
  requires: ['webhooks', 'graph.messages', 'consumer', 'control.provision', 'control.idle'],
  faults: ['webhook-other-tenant-secret'],
  async run(ctx) {
    const { world } = ctx;
    const businesses: Business[] = [];
    for (let i = 0; i < TENANTS; i++) businesses.push(await world.business());
    const consumers = [await world.consumer(), await world.consumer()];
    for (const b of businesses) for (const c of consumers) await world.openWindow(b, c);
    const step = fc.record({ to: fc.nat({ max: TENANTS - 1 }), from: fc.nat({ max: consumers.length - 1 }), inbound: fc.boolean() });
    // Which business each event (message id) belongs to, over every run: the webhooks keep earlier runs' events.
    const owner = new Map<string, string>();
    await ctx.property(fc.array(step, { minLength: 2, maxLength: 6 }), async (steps) => {
      for (const s of steps) {
        const b = businesses[s.to]!;
        const c = consumers[s.from]!;
        if (s.inbound) owner.set((await c.write(b.waId, { v: 0, type: 'text', text: { body: `for ${b.key}` } })).id, b.key);
        else owner.set(expectSendAccepted(await world.graph.sendText(b, c.waId, `from ${b.key}`), c.waId), b.key);
      }
      await world.settle();
      for (const b of businesses) {
        for (const d of world.webhooks(b)) {
          expect(
            d.verifiesFor.length === 0,
            `a webhook to ${b.key} is signed with another business's app secret`,
            `X-Hub-Signature-256 under ${b.key}'s app secret only`,
            `verifies under the secret of ${d.verifiesFor.join(', ')}`,
          );
        }
        const ids = [...messageEvents(world.webhooks(b)).map((e) => ({ id: String(e.message.id), pnid: e.phoneNumberId })), ...statusEvents(world.webhooks(b)).map((e) => ({ id: String(e.status.id), pnid: undefined }))];
        for (const { id, pnid } of ids) {
          const belongs = owner.get(id);
          expect(
            (belongs === undefined || belongs === b.key) && (pnid === undefined || pnid === b.phoneNumberId),
            `the webhook of ${b.key} received another business's event`,
            `only events of ${b.key} (phone_number_id ${b.phoneNumberId})`,
            `event ${id} of ${belongs ?? 'unknown'}${pnid !== undefined ? ` with phone_number_id ${String(pnid)}` : ''}`,
          );
        }
      }
    }, { runs: Math.min(ctx.runs, 10) });
  },
});
