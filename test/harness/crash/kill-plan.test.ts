// Where the soak's kills fall: the same for the same seed, inside the run.
import t from 'tap';
import { killPlan } from '../../../harness/crash/soak.ts';

t.test('the kill plan is deterministic per seed and falls in the middle of the run', async (t) => {
  const a = killPlan('7', 10, 10_000);
  t.same(a, killPlan('7', 10, 10_000), 'same seed, same plan');
  t.not(JSON.stringify(a), JSON.stringify(killPlan('8', 10, 10_000)), 'another seed, another plan');
  t.equal(a.length, 10);
  for (const k of a) {
    t.ok(k.at >= 1_000 && k.at <= 9_000, `kill after ${k.at} of 10000 messages`);
    t.ok(k.delayMs >= 0 && k.delayMs < 250);
  }
  t.same([...a].sort((x, y) => x.at - y.at), a, 'in order');
});
