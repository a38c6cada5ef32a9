// A run whose target fails half way loses nothing: the cases already judged
// keep their verdicts, the case in flight is `error` naming the step, the rest
// are "not run", all reports are written and say so, TAP closes with its
// plan, and the exit code is 2 with one line naming the case and the step.
import t from 'tap';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import type { Report } from '../../harness/report/report.ts';
import type { Certification } from '../../harness/report/certification.ts';
import { startFailingTarget, type Failure } from './failing-target.ts';
import { startGraphOnlyTarget } from './graph-only-target.ts';

const schema = JSON.parse(await readFile(new URL('../../harness/report/report.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

// Four quick cases, each opening its world with one reset; the target fails at the third.
const CASES = ['GRAPH-auth-rejected', 'GRAPH-error-envelope', 'GRAPH-send-response-shape', 'GRAPH-window-enforced'];

type T = Parameters<Parameters<typeof t.test>[0]>[0];

async function failingRun(t: T, failure: Failure, extra: string[] = []) {
  const target = await startFailingTarget(failure, 2);
  t.teardown(() => target.close());
  const dir = await mkdtemp(join(tmpdir(), 'cc-abort-'));
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, `--control-token=${target.controlToken}`, `--case=${CASES.join(',')}`, '--runs=2', '--seed=3', `--report=${dir}`, ...extra], o);
  t.ok(target.failed(), 'the target failed during the run');
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  return { outcome, o, dir, report, controlToken: target.controlToken };
}

/** What every aborted run must show, whatever the failure. */
async function expectAborted(t: T, run: Awaited<ReturnType<typeof failingRun>>, step: RegExp) {
  const { outcome, o, dir, report } = run;
  t.equal(outcome.exitCode, 2);
  t.same(outcome.results.map((r) => r.id), CASES, 'every selected case has a result');
  t.same(outcome.results.slice(0, 2).map((r) => r.verdict), ['pass', 'pass'], 'the cases judged before keep their verdicts');
  const inFlight = outcome.results[2]!;
  t.equal(inFlight.verdict, 'error');
  t.match(inFlight.message, step, 'the case in flight names the step');
  t.equal(outcome.results[3]!.verdict, 'error');
  t.equal(outcome.results[3]!.message, `not run: the run stopped at ${CASES[2]}: ${report.aborted?.reason}`);

  t.ok(validate(report), JSON.stringify(validate.errors));
  t.equal(report.schema, '0.4');
  t.equal(report.aborted?.case, CASES[2]);
  t.match(report.aborted?.reason, step);
  t.same(report.counts, { pass: 2, fail: 0, warn: 0, 'n/a': 0, error: 2 });

  const junit = await readFile(join(dir, 'junit.xml'), 'utf8');
  t.match(junit, /<testsuite name="GRAPH" tests="4" failures="0" errors="2" skipped="0"/);
  t.match(junit, /<error message="not run: the run stopped at GRAPH-send-response-shape: /);
  const html = await readFile(join(dir, 'index.html'), 'utf8');
  t.match(html, /<span class="badge v-error" data-testid="overall">ERROR<\/span> the run was aborted at GRAPH-send-response-shape/);
  t.ok(html.indexOf('data-testid="aborted"') < html.indexOf('data-testid="summary"'), 'the HTML says it at the top');

  const tap = o.text();
  t.match(tap, /^TAP version 14\n/);
  t.match(tap, /\nnot ok 3 - GRAPH-send-response-shape - /);
  t.match(tap, /\nnot ok 4 - GRAPH-window-enforced - [^\n]*\n {2}---\n {2}verdict: "error"\n {2}message: "not run: the run stopped at GRAPH-send-response-shape: /);
  t.match(tap, /\n1\.\.4\n# pass 2\n# fail 0\n# warn 0\n# n\/a 0\n# error 2\n# aborted: the run stopped at GRAPH-send-response-shape: /);
  t.ok(tap.endsWith('conformance: 2 passed, 2 failed, 0 skipped\n'), 'the closing line stays last');

  const err = o.errors();
  t.equal(err.split('\n').length, 2, 'one line on stderr');
  t.match(err, /^cloudapi-conformance: the run stopped at GRAPH-send-response-shape: /);
  t.match(err, step);
  t.match(err, /\(2 case\(s\) judged before it, 1 not run; reports in /);
  t.notMatch(tap + err + (await readFile(join(dir, 'report.json'), 'utf8')) + html + junit, run.controlToken, 'the control token is never shown');
}

t.test('a target that crashes mid-run: the reset connection is named, not "cannot reach"', async (t) => {
  const run = await failingRun(t, 'crash');
  await expectAborted(t, run, /dropped the connection before answering POST \/conformance\/v0\/reset \(connection reset\)/);
  t.notMatch(run.o.errors(), /Cannot reach/);
  t.same(run.report.cases[2]!.step, { channel: 'control', method: 'POST', path: '/conformance/v0/reset', transport: { failure: 'reset', detail: 'connection reset' } });
  t.match(run.o.text(), /\n {2}step: "POST \/conformance\/v0\/reset -> connection reset"\n/, 'TAP shows the step');
  t.match(await readFile(join(run.dir, 'junit.xml'), 'utf8'), /\nstep: POST \/conformance\/v0\/reset -&gt; connection reset\n/, 'so does junit.xml');
});

t.test('a control plane answering garbage mid-run: the status and a filtered body excerpt', async (t) => {
  const run = await failingRun(t, 'garbage');
  await expectAborted(t, run, /answered POST \/conformance\/v0\/reset with HTTP 500, expected 200: <html><body><h1>502 Bad Gateway<\/h1> <p>upstream \[Filtered\] went away/);
  const step = run.report.cases[2]!.step;
  t.equal(step?.status, 500);
  t.match(step?.body, /^<html><body><h1>502 Bad Gateway<\/h1> <p>upstream \[Filtered\] went away/);
});

t.test('a control plane that hangs mid-run: bounded by the case timeout, then the rest are not run', async (t) => {
  const run = await failingRun(t, 'hang', ['--case-timeout=2']);
  // The reset hangs inside World.open: the case timeout ends it, and the target no longer answers at all.
  await expectAborted(t, run, /case GRAPH-send-response-shape did not finish within 2 s; no answer yet to POST \/conformance\/v0\/reset/);
  t.match(run.report.aborted?.reason, /; after it the target no longer answers: Target http:\/\/127\.0\.0\.1:\d+ hung on GET \/conformance\/v0\/capabilities: no answer within 5 s$/);
  t.same(run.report.cases[2]!.step, { channel: 'control', method: 'POST', path: '/conformance/v0/reset', transport: { failure: 'timeout', detail: 'no answer yet' } });
});

t.test('certify: certification.json is written too, says the run was aborted, and reaches no level', async (t) => {
  const target = await startFailingTarget('crash', 0);
  t.teardown(() => target.close());
  const dir = await mkdtemp(join(tmpdir(), 'cc-abort-'));
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, `--control-token=${target.controlToken}`, '--runs=2', `--report=${dir}`], o, 'certify');
  t.equal(outcome.exitCode, 2);
  const first = outcome.results[0]!;
  t.equal(first.verdict, 'error', 'the first case is in flight when the target crashes');
  t.ok(outcome.results.slice(1).every((r) => r.verdict === 'error' && r.message?.startsWith(`not run: the run stopped at ${first.id}: `)));
  const cert = JSON.parse(await readFile(join(dir, 'certification.json'), 'utf8')) as Certification;
  t.equal(cert.aborted?.case, first.id);
  t.equal(cert.level, 'none');
  t.ok(cert.levels.every((l) => !l.reached && l.blockers[0]?.startsWith(`the run stopped at ${first.id}: `)));
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  t.ok(validate(report), JSON.stringify(validate.errors));
  t.match(o.text(), /# aborted: the run stopped at /);
  t.match(o.text(), /#   aborted:      at /);
});

t.test('a target unreachable from the start: "cannot reach", no report, nothing on stdout', async (t) => {
  const dir = join(await mkdtemp(join(tmpdir(), 'cc-abort-')), 'never');
  const o = capture();
  const outcome = await runConformance(['--target=http://127.0.0.1:1', `--report=${dir}`], o);
  t.equal(outcome.exitCode, 2);
  t.equal(o.errors(), 'cloudapi-conformance: Cannot reach target http://127.0.0.1:1: connection refused (GET /conformance/v0/capabilities)\n');
  t.equal(o.text(), '');
  await t.rejects(stat(dir), 'no report for a run that never started');
});

t.test('a Graph-only target gone mid-run: the case that met it judges it, the rest are not run without trying', async (t) => {
  const target = await startGraphOnlyTarget({ crashAfterPosts: 3 });
  t.teardown(() => target.close());
  const dir = await mkdtemp(join(tmpdir(), 'cc-abort-'));
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, `--token=${target.token}`, `--phone-number-id=${target.phoneNumberId}`, '--case=FUZZ-GRAPH-*,GRAPH-*', '--runs=2', '--seed=3', `--report=${dir}`], o);
  t.equal(outcome.exitCode, 2);
  const [first, ...rest] = outcome.results.filter((r) => r.verdict !== 'n/a');
  t.equal(first?.id, 'FUZZ-GRAPH-hostile-fields');
  t.equal(first?.verdict, 'fail', 'a fuzz input after which the target is gone is that case\'s failure');
  // Every other case with a Graph-only part, in run order (more join as cases gain one).
  const ids = rest.map((r) => r.id);
  t.ok(['FUZZ-GRAPH-malformed-body', 'GRAPH-auth-rejected', 'GRAPH-error-envelope'].every((id) => ids.includes(id)), ids.join(', '));
  t.ok(ids.every((id) => /^(FUZZ-)?GRAPH-/.test(id)), 'only the Graph cases');
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as Report;
  t.ok(validate(report), JSON.stringify(validate.errors));
  t.match(report.aborted?.reason, /^after this case the target no longer answers: Target http:\/\/127\.0\.0\.1:\d+ stopped accepting connections: connection refused \(GET \/conformance\/v0\/capabilities\)$/);
  for (const r of rest) t.equal(r.message, `not run: the run stopped at FUZZ-GRAPH-hostile-fields: ${report.aborted?.reason}`);
  t.ok(rest.every((r) => r.evidence === undefined), 'nothing was tried against the dead target');
  t.notMatch(o.text() + o.errors(), /Cannot reach/);
  t.notMatch(o.text() + o.errors() + (await readFile(join(dir, 'report.json'), 'utf8')), target.token);
});
