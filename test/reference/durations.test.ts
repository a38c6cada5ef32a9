// The reference keeps its own copy of the Cloud API's durations and limits so
// that it never depends on the harness; the two copies must say the same.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as harness from '../../harness/core/durations.ts';
import * as reference from '../../reference/durations.ts';
import { SWEEP_GRANULARITY_MS } from '../../reference/retention.ts';

/** What only the harness needs: how it judges (data-in-use period) and drives (telemetry flush) a target. */
const HARNESS_ONLY = ['DATA_IN_USE_MS', 'TELEMETRY_FLUSH_MS'];

t.test('every duration and limit of the reference equals the harness one of the same name', async (t) => {
  const h = harness as Record<string, unknown>;
  const r = reference as Record<string, unknown>;
  for (const name of Object.keys(r).sort()) {
    t.ok(name in h, `${name} is in harness/core/durations.ts too`);
    t.same(r[name], h[name], `${name} agrees`);
  }
  t.same(Object.keys(h).filter((n) => !(n in r)).sort(), [...HARNESS_ONLY].sort(), 'the harness has nothing else the reference lacks');
});

t.test('the reference sweeps at least as finely as PROTOCOL §12 allows', async (t) => {
  t.ok(SWEEP_GRANULARITY_MS > 0 && SWEEP_GRANULARITY_MS <= reference.MAX_GRANULARITY_MS, `${SWEEP_GRANULARITY_MS} ms within (0, ${reference.MAX_GRANULARITY_MS}]`);
});

t.test('nothing under reference/ imports from harness/', async (t) => {
  const root = fileURLToPath(new URL('../../reference/', import.meta.url));
  const files = (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts'));
  t.ok(files.length > 10, `${files.length} reference files read`);
  const offenders = files.filter((f) => /(?:from|import)\s*\(?\s*['"][^'"]*\bharness\//.test(readFileSync(join(root, f), 'utf8')));
  t.same(offenders, [], 'no reference file names harness/ in an import');
});
