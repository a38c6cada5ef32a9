import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { AtRest } from '../../reference/at-rest.ts';
import { openDatabase } from '../../reference/db.ts';
import { Runtime } from '../../reference/runtime.ts';
import { cleanSeams } from '../../reference/seams.ts';

// Runtime.defer: writes queued in one turn commit together at the next; a
// reset drops what was queued before it; commitDeferred brings them in early.

function runtime(t: { teardown(fn: () => void): void }): Runtime {
  const dir = mkdtempSync(join(tmpdir(), 'group-commit-'));
  const db = openDatabase(dir, 'normal');
  t.teardown(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return new Runtime(db, cleanSeams, new AtRest(dir));
}

const metaOf = (rt: Runtime, key: string): string | undefined =>
  (rt.db.prepare('SELECT value FROM meta WHERE key = ?').get(key) as { value: string } | undefined)?.value;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

t.test('writes of one turn wait, then commit together at the next', async (t) => {
  const rt = runtime(t);
  let transactions = 0;
  const original = rt.db.transaction.bind(rt.db);
  rt.db.transaction = ((fn: () => void) => {
    transactions++;
    return original(fn);
  }) as typeof rt.db.transaction;
  for (let i = 0; i < 5; i++) rt.defer(rt.generation, () => rt.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(`k${i}`, String(i)));
  t.equal(metaOf(rt, 'k0'), undefined, 'nothing written in the same turn');
  t.ok(rt.deferring, 'deferring while writes wait');
  await nextTurn();
  t.equal(metaOf(rt, 'k4'), '4', 'written at the next turn');
  t.equal(transactions, 1, 'five writes, one transaction');
  t.notOk(rt.deferring, 'nothing left waiting');
});

t.test('commitDeferred brings the writes in at once', async (t) => {
  const rt = runtime(t);
  rt.defer(rt.generation, () => rt.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('early', 'yes'));
  rt.commitDeferred();
  t.equal(metaOf(rt, 'early'), 'yes');
  await nextTurn();
  t.equal(metaOf(rt, 'early'), 'yes', 'the scheduled commit finds nothing to do');
});

t.test('a reset drops the writes queued before it', async (t) => {
  const rt = runtime(t);
  const before = rt.generation;
  rt.defer(before, () => rt.db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run('stale', 'yes'));
  rt.generation++;
  await nextTurn();
  t.equal(metaOf(rt, 'stale'), undefined, 'stale write not committed');
  t.throws(() => rt.defer(before, () => undefined), { code: 'REF_STALE_WORK' }, 'stale work cannot queue');
});
