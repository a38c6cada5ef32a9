// Local Storage is judged after Meta's 60-minute data-in-use period: then
// content outside the region fails; judged within it (a target without a
// virtual clock) it is a SHOULD deviation, never a failure.
import t from 'tap';
import { expectRecordsOnlyIn, pastDataInUse, storageAfterDataInUse } from '../../../harness/verify/local-storage.ts';
import { DATA_IN_USE_MS } from '../../../harness/core/durations.ts';
import { DeviationLog, recordingDeviations } from '../../../harness/core/deviations.ts';
import { CaseFailure } from '../../../harness/core/errors.ts';
import type { StoredRecord } from '../../../harness/target/control-plane.ts';
import type { World } from '../../../harness/run/world.ts';

const rec = (region: string, key: string): StoredRecord => ({ region, store: 'messages', key, bytes: Buffer.alloc(0) });
const records = [rec('IN', 'wamid.A'), rec('US', 'wamid.A:copy'), rec('IN', 'wamid.B')];

t.test('after the period, a record outside the region fails', async (t) => {
  t.throws(() => expectRecordsOnlyIn(records, ['wamid.A'], 'IN', 'content', 'at rest'), CaseFailure);
  t.doesNotThrow(() => expectRecordsOnlyIn(records, ['wamid.B'], 'IN', 'content', 'at rest'));
});

t.test('within the period it is a SHOULD deviation; content stored nowhere still fails', async (t) => {
  const log = new DeviationLog();
  await recordingDeviations(log, async () => expectRecordsOnlyIn(records, ['wamid.A'], 'IN', 'content', 'in use'));
  t.same(log.list().map((d) => d.level), ['SHOULD']);
  t.match(log.list()[0]?.message, /within the 60-minute data-in-use period/);
  t.throws(() => expectRecordsOnlyIn(records, ['wamid.C'], 'IN', 'content', 'in use'), /nothing at rest names wamid\.C/);
});

t.test('with a virtual clock the dump is taken past 60 minutes and the sweep granularity; without one at once', async (t) => {
  const advanced: number[] = [];
  const fake = (clock: boolean) =>
    ({
      has: (c: string) => clock && c === 'control.clock',
      settle: async () => {},
      env: { identity: { sweepGranularityMs: 60_000 }, control: { storage: async () => records } },
    }) as unknown as World;
  const withClock = await storageAfterDataInUse(fake(true), async (ms) => void advanced.push(ms));
  t.equal(withClock.judged, 'at rest');
  t.same(advanced, [DATA_IN_USE_MS + 60_000 + 1_000]);
  t.equal(pastDataInUse(fake(true)), DATA_IN_USE_MS + 61_000);
  const without = await storageAfterDataInUse(fake(false), async (ms) => void advanced.push(ms));
  t.equal(without.judged, 'in use');
  t.equal(advanced.length, 1, 'no clock, no advance');
});
