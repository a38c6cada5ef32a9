import t from 'tap';
import { Rendezvous } from '../../../harness/bench/rendezvous.ts';
import { RingWireLog } from '../../../harness/bench/evidence.ts';

t.test('a value meets its waiter in either order, and a missing one times out', async (t) => {
  const r = new Rendezvous<number>();
  t.teardown(() => r.close());
  r.arrive('early', 1);
  t.equal(await r.wait('early', 1_000), 1);
  const late = r.wait('late', 1_000);
  r.arrive('late', 2);
  t.equal(await late, 2);
  t.equal(await r.wait('never', 10), undefined);
});

t.test('the ring log keeps only the newest exchanges, oldest first', async (t) => {
  const log = new RingWireLog(3);
  for (let i = 0; i < 5; i++) log.record({ channel: 'graph', method: 'POST', url: `/${i}`, requestHeaders: {}, requestBody: Buffer.alloc(0) });
  t.same(log.all().map((x) => x.url), ['/2', '/3', '/4']);
  t.same(log.on('graph').length, 3);
});
