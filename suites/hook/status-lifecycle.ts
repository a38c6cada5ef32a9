import fc from 'fast-check';
import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { expectSendAccepted } from '../../harness/verify/send-response.ts';
import { expectReachedConsumer } from '../../harness/verify/consumer-receive.ts';
import { statusEvents } from '../../harness/verify/webhook-events.ts';
import type { World, Business } from '../../harness/run/world.ts';

const RANK: Record<string, number> = { sent: 0, delivered: 1, read: 2 };

type Receipts = 'delivered-then-read' | 'read-only' | 'delivered-only';

function statusesOf(world: World, business: Business, id: string) {
  return statusEvents(world.webhooks(business)).filter((e) => e.status.id === id);
}

export default defineCase({
  id: 'HOOK-status-lifecycle',
  title: 'Status webhooks follow sent → delivered → read as the consumer\'s receipts arrive, never going back',
  clause: {
    text: 'Paraphrase of Meta: a status is sent, delivered, read or failed. It never goes back; read implies delivered, so a separate delivered is not required when both happen at once.',
    source: 'https://developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages — "Payload structures"; docs/cloud-api-rules.md#webhook-statuses; docs/cloud-api-rules.md#read-without-delivered',
  },
  severity: 'MUST',
  requires: ['webhooks', 'graph.messages', 'consumer', 'control.provision', 'control.idle'],
  faults: ['status-delivered-after-read'],
  async run(ctx) {
    const { world } = ctx;
    const business = await world.business();
    const consumer = await world.consumer();
    await world.openWindow(business, consumer);
    const pattern = fc.constantFrom<Receipts>('delivered-then-read', 'read-only', 'delivered-only');
    await ctx.property(pattern, async (receipts) => {
      const id = expectSendAccepted(await world.graph.sendText(business, consumer.waId, `lifecycle ${receipts}`), consumer.waId);
      await expectReachedConsumer(world, consumer, id);

      const waitForStatus = async (status: string) => {
        const got = await world.waitFor(() => statusesOf(world, business, id).find((e) => e.status.status === status));
        expect(got !== undefined, `no "${status}" status webhook for ${id}`, `a status "${status}" for ${id}`, statusesOf(world, business, id).map((e) => e.status.status).join(', ') || 'no status at all');
      };
      await waitForStatus('sent');
      if (receipts !== 'read-only') {
        await consumer.acknowledge('delivered', business.waId, [id]);
        await waitForStatus('delivered');
      }
      if (receipts !== 'delivered-only') {
        await consumer.acknowledge('read', business.waId, [id]);
        await waitForStatus('read');
      }
      await world.settle();

      const seen = statusesOf(world, business, id);
      const order = seen.map((e) => String(e.status.status));
      for (let i = 1; i < order.length; i++) {
        const back = (RANK[order[i]!] ?? -1) < (RANK[order[i - 1]!] ?? -1);
        expect(!back, `the status of ${id} went backwards`, 'sent, then delivered, then read (each at most once)', order.join(' → '));
      }
      for (const e of seen) {
        expect(
          e.status.recipient_id === consumer.waId && typeof e.status.timestamp === 'string' && /^\d+$/.test(e.status.timestamp),
          'a status lacks the consumer\'s recipient_id or a Unix-seconds string timestamp',
          `recipient_id ${consumer.waId}, timestamp "<unix seconds>"`,
          JSON.stringify(e.status),
        );
      }
    });
  },
});
