// Capped recordings keep their first and last items and count the rest.
import t from 'tap';
import { droppedFrom, ends, pushBounded } from '../../../harness/core/bounded.ts';
import { WIRE_KEEP, WireLog } from '../../../harness/core/wire-log.ts';
import { EVIDENCE_KEEP, toEvidence } from '../../../harness/report/evidence.ts';
import { SecretRegistry } from '../../../harness/core/secrets.ts';

t.test('a capped list keeps the first and last items and counts what it dropped', async (t) => {
  const list: number[] = [];
  for (let i = 0; i < 1000; i++) pushBounded(list, i, 10);
  t.ok(list.length <= 25, `at most 2 × keep plus slack (${list.length})`);
  t.same(list.slice(0, 10), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'the first items stay');
  t.equal(list.at(-1), 999, 'the newest item is there');
  t.equal(droppedFrom(list) + list.length, 1000, 'every item is kept or counted');
  t.same(ends([1, 2, 3], 2), { head: [1, 2, 3], tail: [], skipped: 0 });
  t.same(ends([1, 2, 3, 4, 5], 2), { head: [1, 2], tail: [4, 5], skipped: 1 });
});

t.test('a flooded wire log stays bounded, and its evidence says how much is left out', async (t) => {
  const log = new WireLog();
  const total = 3 * WIRE_KEEP;
  for (let i = 0; i < total; i++) log.record({ channel: 'webhook', method: 'POST', url: '/hooks/b1', requestHeaders: {}, requestBody: Buffer.from('{}') });
  t.ok(log.all().length < 3 * WIRE_KEEP, 'the log dropped its middle');
  t.equal(log.dropped + log.all().length, total);
  t.equal(log.all().at(-1)!.seq, total, 'the last exchange is kept');
  const evidence = toEvidence(log.all(), new SecretRegistry());
  t.equal(evidence.length, 2 * EVIDENCE_KEEP + 1);
  const gap = evidence[EVIDENCE_KEEP]!;
  t.equal(gap.channel, 'omitted');
  t.match(gap.request, `${total - 2 * EVIDENCE_KEEP} exchanges left out`);
  t.equal(evidence.at(-1)!.seq, total);
});
