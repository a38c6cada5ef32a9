// How a case's deviations become its verdict: SHOULDs inside a property never
// fail or shrink it and are kept (deduplicated, capped); a MUST fails it and
// the failure lists every deviation; the runner's grading lists them all.
import t from 'tap';
import fc from 'fast-check';
import { CaseContext, PropertyFailure } from '../../../harness/run/context.ts';
import { should } from '../../../harness/core/expect.ts';
import { DeviationLog, MAX_DEVIATIONS, recordingDeviations, settle } from '../../../harness/core/deviations.ts';
import { CaseFailure, NoAnswer, RequestTimeout, type Deviation } from '../../../harness/core/errors.ts';
import { shouldsOnly, withDeviations } from '../../../harness/core/grading.ts';
import type { World } from '../../../harness/run/world.ts';

const world = { env: { logs: { current: { clear() {} } } } } as unknown as World;
const id = (s: string) => s;
const dev = (level: 'MUST' | 'SHOULD', n: number): Deviation => ({ level, message: `rule ${n}`, expected: `e${n}`, actual: `a${n}` });

t.test('SHOULD deviations in a property do not fail it; they are kept once each, up to the cap', async (t) => {
  const log = new DeviationLog();
  const ctx = new CaseContext(world, 1, 50, undefined, log);
  await recordingDeviations(log, () =>
    ctx.property(fc.integer({ min: 0, max: 1000 }), async (n) => {
      should(false, 'always the same', 'x', `seen ${n}`);
      should(n % 2 === 0, `odd ${n % 40}`, 'even', String(n));
    }),
  );
  const list = log.list();
  t.equal(list.filter((d) => d.message === 'always the same').length, 1, 'the same rule broken the same way is one deviation');
  t.ok(list.some((d) => d.message.startsWith('odd ')), 'each distinct rule is kept');
  t.ok(list.length <= MAX_DEVIATIONS, 'up to the cap');
});

t.test('a MUST deviation fails the property and shrinks; the failure carries every deviation of that response', async (t) => {
  const log = new DeviationLog();
  const ctx = new CaseContext(world, 1, 100, undefined, log);
  const e = await recordingDeviations(log, () =>
    ctx.property(fc.integer({ min: 0, max: 10_000 }), async (n) => {
      should(false, 'a SHOULD elsewhere', 's', 's');
      if (n >= 10) settle([{ level: 'MUST', message: `too big ${n >= 10}`, expected: '< 10', actual: String(n) }, { level: 'SHOULD', message: 'and a SHOULD', expected: 'x', actual: 'y' }], { expected: '< 10', actual: String(n) });
    }),
  ).catch((x: unknown) => x);
  t.ok(e instanceof PropertyFailure);
  const p = e as PropertyFailure;
  t.equal(p.counterexample, 10, 'shrunk to the smallest failing input');
  t.same((p.cause as CaseFailure).deviations.map((d) => d.level), ['MUST', 'SHOULD']);
  const listed = withDeviations(p.cause as CaseFailure, log, id);
  t.same(listed.deviations?.map((d) => d.message), ['too big true', 'and a SHOULD', 'a SHOULD elsewhere'], 'the response\'s deviations, then the case\'s SHOULDs');
});

t.test('a hang fails the property at once, is not shrunk and not re-run', async (t) => {
  const asked: number[] = [];
  const ctx = new CaseContext(world, 1, 30, undefined);
  const e = await ctx
    .property(fc.integer({ min: 0, max: 10_000 }), async (n) => {
      asked.push(n);
      if (n > 5) throw new NoAnswer(new RequestTimeout('graph', 'POST', '/v23.0/1/messages', 10_000));
    })
    .catch((x: unknown) => x);
  t.ok(e instanceof PropertyFailure);
  const cause = (e as PropertyFailure).cause as NoAnswer;
  t.ok(cause instanceof NoAnswer);
  t.equal(cause.actual, 'no answer within 10 s (POST /v23.0/1/messages)');
  t.equal((e as PropertyFailure).counterexample, asked.at(-1), 'the counterexample is the input that hung');
  t.equal(asked.filter((n) => n > 5).length, 1, 'nothing was asked after the hang: no shrinking, no re-run');
});

t.test('only SHOULDs: warn with all of them; none: nothing', async (t) => {
  const log = new DeviationLog();
  t.equal(shouldsOnly(log, id), undefined);
  log.add(dev('SHOULD', 1));
  log.add(dev('SHOULD', 2));
  log.add(dev('SHOULD', 1));
  const w = shouldsOnly(log, id)!;
  t.equal(w.message, 'SHOULD not met: rule 1 (and 1 more deviation(s))');
  t.equal(w.expected, 'e1');
  t.same(w.deviations?.map((d) => d.message), ['rule 1', 'rule 2']);
});

t.test('the cap counts what it leaves out; secrets are redacted in every deviation', async (t) => {
  const log = new DeviationLog();
  for (let i = 0; i < MAX_DEVIATIONS + 5; i++) log.add(dev('SHOULD', i));
  t.equal(log.list().length, MAX_DEVIATIONS);
  t.equal(log.omitted, 5);
  const w = shouldsOnly(log, (s) => s.replace('rule', '[Filtered]'))!;
  t.equal(w.deviationsOmitted, 5);
  t.match(w.deviations?.[0]?.message, /^\[Filtered\]/);
});

t.test('a failure whose only deviation is its message lists nothing extra', async (t) => {
  t.same(withDeviations(new CaseFailure('m', 'e', 'a'), new DeviationLog(), id), {});
});

t.test('one failure message: findings about one request share its description', async (t) => {
  const thrown = (list: Deviation[]) => {
    try {
      settle(list, { expected: 'e', actual: 'a' });
    } catch (e) {
      return (e as CaseFailure).message;
    }
    return undefined;
  };
  t.equal(thrown([{ ...dev('MUST', 1), message: 'a send: wrong status' }, { ...dev('MUST', 2), message: 'a send: wrong code' }]), 'a send: wrong status; wrong code');
  t.equal(thrown([dev('MUST', 1), dev('MUST', 2)]), 'rule 1; rule 2');
  t.equal(thrown([dev('SHOULD', 1)]), undefined, 'SHOULDs alone never throw');
});

t.test('a harness error in a property is thrown as it is, without shrinking', async (t) => {
  const asked: number[] = [];
  const ctx = new CaseContext(world, 1, 30, undefined);
  const e = await ctx
    .property(fc.integer({ min: 0, max: 10_000 }), async (n) => {
      asked.push(n);
      if (n > 5) throw new RequestTimeout('graph', 'GET', '/v23.0/1', 10_000);
    })
    .catch((x: unknown) => x);
  t.ok(e instanceof RequestTimeout);
  t.equal(asked.filter((n) => n > 5).length, 1, 'nothing was asked after it');
});
