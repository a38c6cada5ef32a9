// Malformed-request cases per second: the FUZZ-GRAPH malformed bodies, each
// judged like the case judges it (a 4xx Graph error, never a 5xx or a hang)
// and followed by its liveness probe.

import fc from 'fast-check';
import type { World } from '../run/world.ts';
import type { GraphCaller } from '../target/graph-api.ts';
import { malformedBody } from '../../generators/malformed-body.ts';
import { sendBody } from '../../generators/outbound-message.ts';
import { expectAlive, expectRefusedOrAccepted, postRaw } from '../verify/graph-fuzz.ts';

export async function fuzzRate(world: World, caller: GraphCaller, durationMs: number, seed: number, fail: (what: string) => void, inFlight = 4): Promise<{ cases: number; failed: number; perSecond: number }> {
  const valid = sendBody('447700900123', { type: 'text', payload: { body: 'fuzz' } });
  const samples = fc.sample(malformedBody({ valid }), { numRuns: 400, seed });
  let next = 0;
  let cases = 0;
  let failed = 0;
  const start = performance.now();
  const end = start + durationMs;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < end) {
        const m = samples[next++ % samples.length]!;
        try {
          const res = await postRaw(world, caller, m.body, m.contentType, m.what);
          expectRefusedOrAccepted(res, m.what);
          await expectAlive(world, caller, m.what);
        } catch (e) {
          failed++;
          fail(`fuzz ${m.what}: ${(e as Error).message}`);
        }
        cases++;
      }
    }),
  );
  return { cases, failed, perSecond: cases / ((performance.now() - start) / 1000) };
}
