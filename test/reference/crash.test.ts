// Exactly once across real crashes, bounded for `npm test`: the reference in
// its own process under traffic in both directions is killed with SIGKILL
// three times while work is in flight and restarted on the same data
// directory; nothing it accepted may be lost or read twice. `npm run soak`
// is the long version (10,000 messages, 10 kills).
import t from 'tap';
import { runSoak } from '../../harness/crash/soak.ts';
import { exactlyOnceSummary } from '../../harness/verify/exactly-once.ts';

t.test('SIGKILLs under load in both directions lose nothing accepted and read nothing twice', async (t) => {
  const r = await runSoak({ messages: 300, kills: 3, seed: 'npm-test', businesses: 2, consumersPerBusiness: 2, sync: 'full' });
  t.comment(exactlyOnceSummary(r.tally));
  t.ok(r.tally.inbound.accepted > 0 && r.tally.outbound.accepted > 0, 'traffic went both ways');
  t.ok(r.tally.statuses.expected > 0, 'statuses were expected');
  t.same(r.problems, [], 'every accepted message arrived, none read twice');
  t.same(r.tally.outbound.readTwice, [], 'no business message decrypted twice');
});
