import t from 'tap';
import { gzipSync } from 'node:zlib';
import { differences, telemetryJson, timestampsAmong } from '../../../harness/verify/telemetry-aggregate.ts';
import type { Exchange } from '../../../harness/core/wire-log.ts';

const post = (body: Buffer): Exchange => ({ seq: 1, channel: 'sink', method: 'POST', url: 'http://h/sinks/telemetry', requestHeaders: {}, requestBody: body });

t.test('telemetry JSON is read plain or gzip; other bodies are left out', async (t) => {
  t.same(telemetryJson([post(Buffer.from('{"a":1}')), post(gzipSync('{"b":2}')), post(Buffer.from('not json'))]), [{ a: 1 }, { b: 2 }]);
});

t.test('a message time in seconds or milliseconds, number or string, is found', async (t) => {
  t.same(timestampsAmong({ x: [{ t: 100 }, { u: '200000' }], n: 7 }, [100, 200]), ['$.x[0].t = 100', '$.x[1].u = 200000']);
  t.same(timestampsAmong({ period_end: 300, count: 2 }, [100, 200]), []);
});

t.test('two periods differ only where a value is not the same or the same shifted by the distance between them', async (t) => {
  const one = [{ period_end: 1000, businesses: [{ id: 'a', received: 3 }] }];
  t.same(differences(one, [{ period_end: 1081, businesses: [{ id: 'a', received: 3 }] }], 81), []);
  t.same(differences(one, [{ period_end: 1000 + 81_000, businesses: [{ id: 'a', received: 3 }] }], 81), []);
  t.same(differences([{ c: { '44': 2, '33': 1 } }], [{ c: { '44': 1, '33': 2 } }], 81), ['$[0].c.33: 1 / 2', '$[0].c.44: 2 / 1']);
  t.same(differences([{ u: { x: 1 } }], [{ u: { y: 1 } }], 81), ['$[0].u.x: 1 / undefined', '$[0].u.y: undefined / 1']);
});
