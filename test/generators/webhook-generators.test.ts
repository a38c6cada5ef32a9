import t from 'tap';
import fc from 'fast-check';
import { outageSchedule } from '../../generators/outage-schedule.ts';
import { inboundContent, INBOUND_TYPES } from '../../generators/inbound-content.ts';
import { hostileText } from '../../generators/hostile-text.ts';
import { TEXT_BODY_MAX } from '../../harness/core/durations.ts';

t.test('outage schedules stay inside their constraints', async (t) => {
  for (const s of fc.sample(outageSchedule({ maxDurationMs: 3_600_000 }), { numRuns: 200, seed: 1 })) {
    t.ok(s.length >= 1 && s.length <= 3);
    for (const o of s) {
      t.ok(o.durationMs <= 3_600_000 && o.events >= 1);
      if (o.mode === 'timeout') t.equal(o.events, 1, 'a hung endpoint costs real time: one event');
    }
  }
  t.throws(() => outageSchedule({ minBusinesses: 0 }));
  t.throws(() => outageSchedule({ maxDurationMs: 10 * 24 * 3600_000 }));
});

t.test('inbound content covers every type, as plain JSON', async (t) => {
  const seen = new Set<string>();
  for (const c of fc.sample(inboundContent(), { numRuns: 400, seed: 2 })) {
    seen.add(c.type);
    t.same(JSON.parse(JSON.stringify(c)), c);
    t.ok(c[c.type] !== undefined);
  }
  t.same([...seen].sort(), [...INBOUND_TYPES].sort());
  t.throws(() => inboundContent({ types: [] }));
});

t.test('hostile text fills the limit without splitting a surrogate pair', async (t) => {
  const long = fc.sample(hostileText(), { numRuns: 200, seed: 3 }).filter((s) => s.length === TEXT_BODY_MAX);
  t.ok(long.length > 0, 'some bodies are full length');
  for (const s of long) t.equal(Buffer.from(s, 'utf8').toString('utf8'), s, 'well-formed UTF-16');
  t.throws(() => hostileText({ maxLength: 5000 }));
});
