// Synthetic case results for the report tests: no target needed.
import type { CaseResult } from '../../../harness/core/result.ts';
import type { Verdict } from '../../../harness/core/case.ts';
import type { RunInfo } from '../../../harness/report/report.ts';

export const INFO: RunInfo = {
  suite: { name: 'cloudapi-conformance', version: '0.1.0' },
  protocol: '0',
  target: { url: 'https://user:pw@vendor.example/api?key=abc', implementation: { name: 'vendor-server', version: '1.2.3' }, embedded: false },
  capabilities: ['control.idle', 'consumer', 'control.provision', 'graph.messages', 'transport.signal', 'webhooks'],
  seed: 42,
  runs: 20,
  startedAt: '2026-01-01T00:00:00.000Z',
  finishedAt: '2026-01-01T00:01:00.000Z',
};

export const SECRET = 'EAATsupersecretaccesstoken123';

export function result(id: string, verdict: Verdict, extra: Partial<CaseResult> = {}): CaseResult {
  const failing = verdict === 'fail' || verdict === 'warn' || verdict === 'error';
  return {
    id,
    title: `title of ${id}`,
    clause: { text: `clause of ${id} <b>&</b>`, source: 'https://developers.facebook.com/docs/graph-api/guides/error-handling — "Error Codes"; docs/cloud-api-rules.md#error-envelope; javascript:alert(1)' },
    severity: verdict === 'warn' ? 'SHOULD' : 'MUST',
    requires: ['graph.messages', 'transport.signal', 'control.provision'],
    faults: ['some-fault'],
    verdict,
    seed: 42,
    durationMs: 12.5,
    ...(verdict === 'n/a' ? { message: 'target does not declare tls' } : {}),
    ...(failing
      ? {
          message: `${id} broke`,
          expected: 'wa_id of digits',
          actual: 'HTTP 200 {"wa_id":"+1"} </script><script>alert(1)</script>',
          counterexample: "{ waId: '1' }",
          path: '0:1',
          shrinks: 3,
          replay: `npm test -- --case=${id} --seed=42 --path=0:1`,
          evidence: [
            {
              seq: 1,
              channel: 'graph',
              request: 'POST /v23.0/1/messages',
              status: 200,
              requestHeaders: { authorization: 'Bearer [Filtered]' },
              requestBody: '{"to":"+1"}',
              responseBody: '{"wa_id":"+1"}',
            },
          ],
        }
      : {}),
    ...extra,
  };
}

/** n cases over the areas, about one in ten not passing. */
export function manyResults(n: number): CaseResult[] {
  const areas = ['GRAPH', 'HOOK', 'E2E', 'RET', 'FUZZ'];
  const verdicts: Verdict[] = ['pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'pass', 'n/a', 'fail', 'warn'];
  return Array.from({ length: n }, (_, i) => result(`${areas[i % areas.length]}-synthetic-${i}`, verdicts[Math.floor(i / areas.length) % verdicts.length]!));
}
