// The run every VIS case shares: a mixed workload on the same two businesses
// and two consumers, then a judgement of what one channel carried.

import fc from 'fast-check';
import type { CaseContext } from '../run/context.ts';
import type { Exchange } from '../core/wire-log.ts';
import { mixedTraffic } from '../../generators/mixed-traffic.ts';
import { pairsOf, party, runMixedWorkload, secretsOf, type Party, type WorkloadRun } from './mixed-workload.ts';
import { NotApplicable } from '../core/errors.ts';

/**
 * Workloads are expensive (Signal both ways, webhooks, a clock window): a few
 * runs suffice, and shrinking would replay the whole workload per step while a
 * leak does not depend on the text around its canary.
 */
const RUNS = 3;

export type Judge = (run: WorkloadRun, p: Party, secrets: ReturnType<typeof secretsOf>, log: { on(c: Exchange['channel']): Exchange[] }) => void;

export async function onMixedTraffic(ctx: CaseContext, judge: Judge): Promise<void> {
  const { world } = ctx;
  const p = await party(world);
  await ctx.property(
    fc.noShrink(mixedTraffic(pairsOf(p).length)),
    async (t) => {
      world.wireLog().clear();
      const run = await runMixedWorkload(world, p, t);
      judge(run, p, secretsOf(p, run), world.wireLog());
    },
    { runs: Math.min(ctx.runs, RUNS) },
  );
}

/**
 * The same run, judging what the target sent the rest-of-Meta sinks: only
 * where the reset wired it to them (PROTOCOL.md §2). A server driven through
 * an adapter was never told where they are, so its silence would prove nothing.
 */
export async function onSinkTraffic(ctx: CaseContext, judge: Judge): Promise<void> {
  if (!ctx.world.sinksWired()) throw new NotApplicable('the rest-of-Meta sinks are wired by the control plane\'s reset (PROTOCOL.md §2); a server driven through an adapter is never told where they are');
  await onMixedTraffic(ctx, judge);
}
