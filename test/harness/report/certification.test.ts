import t from 'tap';
import { canonicalJson } from '../../../harness/report/canonical.ts';
import { certificationText, certify, judgeLevel, LEVELS, resultsDigest } from '../../../harness/report/certification.ts';
import { INFO, result } from './fixtures.ts';
import { GRAPH_SURFACE } from '../../../harness/core/capabilities.ts';

t.test('canonical JSON sorts keys at every depth and drops undefined', async (t) => {
  t.equal(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: 2 }], c: 'x' }, u: undefined }), '{"a":{"c":"x","d":[2,{"y":2,"z":1}]},"b":1}');
  t.equal(canonicalJson({ a: 1, b: 2 }), canonicalJson({ b: 2, a: 1 }));
  t.throws(() => canonicalJson(NaN));
});

t.test('the digest: same for the same results in any order, whatever the timings, messages and paths', async (t) => {
  const a = [result('GRAPH-a', 'fail'), result('HOOK-b', 'pass')];
  const b = [
    result('HOOK-b', 'pass', { durationMs: 999 }),
    result('GRAPH-a', 'fail', { actual: 'HTTP 200 wamid.OTHERRANDOMID', message: 'other words', replay: '/elsewhere' }),
  ];
  const d = resultsDigest(INFO, a);
  t.match(d, /^[0-9a-f]{64}$/);
  t.equal(resultsDigest(INFO, b), d);
  t.equal(resultsDigest({ ...INFO, capabilities: [...INFO.capabilities].reverse() }, a), d, 'capability order does not matter');
  t.not(resultsDigest(INFO, [result('GRAPH-a', 'pass'), result('HOOK-b', 'pass')]), d, 'a verdict changes it');
  t.not(resultsDigest({ ...INFO, seed: 43 }, a), d, 'the seed changes it');
  t.not(resultsDigest({ ...INFO, suite: { ...INFO.suite, version: '0.2.0' } }, a), d, 'the suite version changes it');
  t.not(resultsDigest({ ...INFO, capabilities: ['graph.messages'] }, a), d, 'the capabilities change it');
});

const graphLevel = LEVELS.find((l) => l.name === 'Graph')!;
const messaging = ['graph.messages', 'transport.signal', 'consumer', 'control.provision', 'webhooks', 'control.idle'];

const c0 = (results: Parameters<typeof certify>[1]) => certify(INFO, results);

t.test('a level: declared capabilities, every MUST in scope passed, SHOULDs only for Full', async (t) => {
  const declared = new Set(messaging);
  const hook = (id: string, v: Parameters<typeof result>[1]) => result(id, v, { requires: ['webhooks', 'transport.signal', 'control.provision'] });
  const tls = (id: string) => result(id, 'n/a', { requires: ['tls'] });
  const results = [result('GRAPH-a', 'pass'), result('E2E-b', 'warn'), hook('HOOK-c', 'fail'), tls('INT-d'), result('GRAPH-z', 'pass', { requires: ['graph.messages'] })];
  const g = judgeLevel(graphLevel, declared, results);
  t.same(g, { name: 'Graph', reached: true, cases: 3, blockers: [] }, 'a SHOULD not met does not block Graph; HOOK and tls cases are out of scope');
  t.same(c0(results).levels[0], { name: 'Graph API', reached: false, cases: 1, blockers: ['does not declare graph.media, graph.registration, graph.block-users, graph.settings'] }, 'Graph API: the Graph surface');
  t.equal(c0(results).level, 'Graph', 'Graph API stands beside the ladder: not reaching it does not hold Graph back');
  const c = certify(INFO, results);
  t.equal(c.level, 'Graph');
  t.same(c.levels.find((l) => l.name === 'Messaging')!.blockers, ['HOOK-c failed']);
  t.match(c.levels.find((l) => l.name === 'Full')!.blockers[0], /^does not declare graph\.media, /);
  t.same(c.areas.map((a) => a.area), ['GRAPH', 'HOOK', 'E2E', 'INT']);
});

t.test('levels are cumulative, n/a or error in scope block, and an empty scope reaches nothing', async (t) => {
  const declared = new Set(messaging);
  t.equal(judgeLevel(graphLevel, declared, [result('GRAPH-a', 'error')]).reached, false);
  t.same(judgeLevel(graphLevel, declared, [result('GRAPH-a', 'n/a')]).blockers, ['GRAPH-a not applicable']);
  t.same(judgeLevel(graphLevel, declared, [result('HOOK-a', 'pass', { requires: ['webhooks'] })]).blockers, ['no case in scope was run']);
  t.same(judgeLevel(graphLevel, new Set(['graph.messages']), [result('GRAPH-a', 'pass')]).blockers, ['does not declare transport.signal, consumer, control.provision']);
  // Messaging passes on its own, but Graph failed: the level stays none.
  const c = certify(INFO, [result('GRAPH-a', 'fail'), result('HOOK-b', 'pass', { requires: ['webhooks', 'control.idle'] })]);
  t.equal(c.levels.find((l) => l.name === 'Messaging')!.reached, false);
  t.equal(c.level, 'none');
});

t.test('a Graph-only run: certified at Graph API, saying Graph-only and what it could not judge', async (t) => {
  const graphOnly = { ...INFO, target: { ...INFO.target, implementation: null }, capabilities: [...GRAPH_SURFACE] };
  const results = [
    result('GRAPH-a', 'pass', { requires: ['graph.messages'] }),
    result('GRAPH-b', 'warn', { requires: ['graph.messages'] }),
    result('E2E-c', 'n/a', { message: 'target does not declare transport.signal, control.provision' }),
  ];
  const c = certify(graphOnly, results);
  t.equal(c.level, 'Graph API');
  t.same(c.levels[0], { name: 'Graph API', reached: true, cases: 2, blockers: [] }, 'a SHOULD does not block it');
  t.same(c.graphOnly, { notJudged: [{ id: 'E2E-c', reason: 'target does not declare transport.signal, control.provision' }] });
  const text = certificationText(c);
  t.match(text, /target: {7}Graph-only \(no control plane\)/);
  t.match(text, /not judged: {3}1 case\(s\) need more than the Graph API[^\n]*\n {4}E2E-c: target does not declare transport\.signal, control\.provision\n/);
  t.equal(certify(INFO, results).graphOnly, undefined, 'a run with a control plane has no such list');
});
