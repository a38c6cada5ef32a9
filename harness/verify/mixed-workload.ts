// Real traffic of every kind for the visibility matrix: two businesses, two
// consumers (Signal or simulated), texts both ways, receipts, a spam report and
// a billing notice where the transport can send them,
// then a telemetry window closed by the virtual clock. Every cell of the
// matrix is exercised by traffic, so a case judges what the target sends,
// not its silence.

import { expect } from '../core/expect.ts';
import type { Business, World } from '../run/world.ts';
import type { ConsumerParty } from '../parties/consumer-party.ts';
import { TransportNotices } from '../parties/transport-notices.ts';
import type { Secret } from '../leak/scan.ts';
import type { MixedTraffic } from '../../generators/mixed-traffic.ts';
import { expectSendAccepted } from './send-response.ts';
import { expectReachedConsumer } from './consumer-receive.ts';
import { expectWritten } from './consumer-write.ts';
import { messageEvents } from './webhook-events.ts';
import { TELEMETRY_FLUSH_MS } from '../core/durations.ts';

export interface Party {
  businesses: Business[];
  consumers: ConsumerParty[];
}

export interface WorkloadRun {
  /** Content canaries, each with the business whose traffic it belongs to. */
  content: Array<{ canary: string; business: Business }>;
  outboundIds: Array<{ id: string; business: Business }>;
  inboundIds: Array<{ id: string; business: Business }>;
  reportId: string;
  /** The business the spam report and billing notice concern. */
  reported: Business;
  billedId: string;
}

/** Two businesses, two consumers, every customer-service window open. */
export async function party(world: World): Promise<Party> {
  const p = { businesses: [await world.business(), await world.business()], consumers: [await world.consumer(), await world.consumer()] };
  for (const b of p.businesses) for (const c of p.consumers) await world.openWindow(b, c);
  return p;
}

export const pairsOf = (p: Party): Array<[Business, ConsumerParty]> => p.businesses.flatMap((b) => p.consumers.map((c): [Business, ConsumerParty] => [b, c]));

export async function runMixedWorkload(world: World, p: Party, t: MixedTraffic): Promise<WorkloadRun> {
  const notices = new TransportNotices(world.env.client, world.env.transport);
  const run: WorkloadRun = { content: [], outboundIds: [], inboundIds: [], reportId: t.reportId, reported: p.businesses[1]!, billedId: '' };
  const pairs = pairsOf(p);
  for (const [i, [b, c]] of pairs.entries()) {
    const out = t.outbound[i]!;
    const id = expectSendAccepted(await world.graph.sendText(b, c.waId, out.body), c.waId);
    run.content.push({ canary: out.canary, business: b });
    run.outboundIds.push({ id, business: b });
    await expectReachedConsumer(world, c, id);
    await c.acknowledge('read', b.waId, [id]);
    const inb = t.inbound[i]!;
    const inboundId = expectWritten(await c.write(b.waId, { v: 0, type: 'text', text: { body: inb.body } }));
    run.content.push({ canary: inb.canary, business: b });
    run.inboundIds.push({ id: inboundId, business: b });
  }
  for (const b of p.businesses) {
    const got = await world.waitFor(() => {
      const ids = new Set(messageEvents(world.webhooks(b)).map((e) => e.message.id));
      return run.inboundIds.filter((x) => x.business === b).every((x) => ids.has(x.id)) ? true : undefined;
    });
    expect(got === true, 'inbound messages never reached the business webhook', 'every inbound message forwarded', 'some missing after 5 s');
  }
  const reporter = p.consumers[0]!;
  if (world.has('transport.integrity')) {
    await notices.spamReport({ report_id: t.reportId, from: reporter.waId, to: run.reported.waId, timestamp: world.clock.seconds });
  }
  run.billedId = run.outboundIds.find((x) => x.business === run.reported)!.id;
  if (world.has('transport.billing')) await notices.billing({ message_id: run.billedId, ...t.pricing });
  await world.settle();
  await world.advanceClock(TELEMETRY_FLUSH_MS);
  await world.settle();
  return run;
}

/** Every secret of a run: content canaries, the report id, consumer numbers. */
export function secretsOf(p: Party, run: WorkloadRun): { content: Secret[]; phones: Secret[]; report: Secret } {
  return {
    content: run.content.map((c) => ({ value: c.canary, kind: 'content' as const })),
    phones: p.consumers.map((c) => ({ value: c.waId, kind: 'phone' as const })),
    report: { value: run.reportId, kind: 'content' as const, label: 'spam report' },
  };
}
