// The conformance CLI as a user meets it: exit codes 0/1/2, one clear line
// on bad input, --list, and a reference started separately reached by --target.
import t from 'tap';
import { GRAPH_SURFACE } from '../../harness/core/capabilities.ts';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startReference } from '../../harness/target/reference-process.ts';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { loadCases } from '../../harness/run/registry.ts';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startGraphOnlyTarget } from './graph-only-target.ts';

const MAIN = fileURLToPath(new URL('../../harness/cli/main.ts', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', timeout: 60_000 });

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

t.test('an unreachable target: exit 2, one line saying so', async (t) => {
  const r = cli('--target=http://127.0.0.1:1');
  t.equal(r.status, 2);
  t.equal(r.stderr.trim().split('\n').length, 1);
  t.match(r.stderr, /Cannot reach target http:\/\/127\.0\.0\.1:1: connection refused/);
  t.equal(r.stdout, '');
});

t.test('an unknown flag: exit 2 naming it', async (t) => {
  const r = cli('--frobnicate=3');
  t.equal(r.status, 2);
  t.match(r.stderr, /unknown flag --frobnicate/);
  t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
});

t.test('--list prints every case with its clause', async (t) => {
  const r = cli('--list');
  t.equal(r.status, 0);
  for (const c of await loadCases()) {
    t.match(r.stdout, c.id);
    t.match(r.stdout, c.clause.text.slice(0, 40));
  }
});

t.test('--list --level lists exactly the cases in the level\'s scope; a bad level is one line, exit 2', async (t) => {
  const { LEVELS, inLevelScope } = await import('../../harness/report/certification.ts');
  const all = await loadCases();
  for (const level of LEVELS) {
    const o = capture();
    const outcome = await runConformance(['--list', `--level=${level.name}`], o);
    t.equal(outcome.exitCode, 0);
    const listed = o.text().split('\n').filter((l) => /^[A-Z0-9]+-\S+  \[/.test(l)).map((l) => l.split(' ')[0]);
    const scope = all.filter((c) => inLevelScope(level, c)).map((c) => c.id);
    t.same(listed, scope, `${level.name}: the cases whose requires are all among its capabilities`);
    t.ok(scope.length > 0);
    t.match(o.text(), `${scope.length} cases in the scope of ${level.name}`);
  }
  const r = cli('--list', '--level=Platinum');
  t.equal(r.status, 2);
  t.equal(r.stderr.trim().split('\n').length, 1);
  t.match(r.stderr, /--level must be one of Graph API, Mock, Graph, Messaging, Full/);
  t.equal(r.stdout, '');
});

t.test('a target answering garbage to the control plane: exit 2, one line', async (t) => {
  const garbage = createServer((_req, res) => res.end('<html>hello</html>'));
  await new Promise<void>((r) => garbage.listen(0, '127.0.0.1', r));
  const port = (garbage.address() as AddressInfo).port;
  const o = capture();
  const outcome = await runConformance([`--target=http://127.0.0.1:${port}`, '--control-token=some-control-token'], o);
  garbage.close();
  t.equal(outcome.exitCode, 2);
  t.match(o.errors(), /answered GET \/conformance\/v0\/capabilities with HTTP 200, expected 200 \{"protocol":"0"/);
  t.notMatch(o.errors(), /some-control-token/, 'the token is not repeated');
});

t.test('a target without control plane and no business given: every case not applicable, with the reason', async (t) => {
  const graphOnly = createServer((_req, res) => {
    res.statusCode = 404;
    res.end();
  });
  await new Promise<void>((r) => graphOnly.listen(0, '127.0.0.1', r));
  const port = (graphOnly.address() as AddressInfo).port;
  const dir = await mkdtemp(join(tmpdir(), 'cc-report-'));
  const o = capture();
  const outcome = await runConformance([`--target=http://127.0.0.1:${port}`, `--report=${dir}`], o);
  graphOnly.close();
  t.equal(outcome.exitCode, 0);
  t.ok(outcome.results.every((r) => r.verdict === 'n/a' && /no conformance control plane/.test(r.message ?? '')));
  t.match(o.text(), /# SKIP n\/a: target has no conformance control plane/);
  t.match(o.text(), /conformance: 0 passed, 0 failed, \d+ skipped\n$/);
  const report = JSON.parse(await readFile(join(dir, 'report.json'), 'utf8')) as { counts: Record<string, number> };
  t.equal(report.counts['n/a'], outcome.results.length);
});

t.test('a Graph-only target with --token/--phone-number-id: GRAPH verdicts for Graph-only cases, n/a elsewhere', async (t) => {
  const target = await startGraphOnlyTarget();
  t.teardown(() => target.close());
  const dir = await mkdtemp(join(tmpdir(), 'cc-report-'));
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, `--token=${target.token}`, `--phone-number-id=${target.phoneNumberId}`, '--to=447700900123', '--runs=3', `--report=${dir}`], o);
  t.equal(outcome.exitCode, 0, o.text() + o.errors());
  const graphOnly = outcome.results.filter((r) => r.requires.every((c) => (GRAPH_SURFACE as readonly string[]).includes(c)));
  t.ok(graphOnly.length >= 4, 'the Graph-only cases ran');
  // With one business the isolation cases have no second one to try: n/a, saying so.
  t.ok(graphOnly.every((r) => r.verdict === 'pass' || (r.verdict === 'n/a' && /needs two businesses/.test(r.message ?? ''))), graphOnly.map((r) => `${r.id}: ${r.verdict} ${r.message ?? ''}`).join('\n'));
  t.ok(graphOnly.some((r) => r.id.startsWith('FUZZ-GRAPH-')) && graphOnly.some((r) => r.id.startsWith('GRAPH-')));
  const rest = outcome.results.filter((r) => !graphOnly.includes(r));
  t.ok(rest.length > 0 && rest.every((r) => r.verdict === 'n/a' && /no conformance control plane \(needs .+\)/.test(r.message ?? '')));
  t.notMatch(o.text() + (await readFile(join(dir, 'report.json'), 'utf8')), target.token, 'the access token is never shown');
});

t.test('a broken Graph-only target fails on the applicable cases alone: exit 1', async (t) => {
  const target = await startGraphOnlyTarget({ broken: true });
  t.teardown(() => target.close());
  const dir = await mkdtemp(join(tmpdir(), 'cc-report-'));
  const o = capture();
  const outcome = await runConformance([`--target=${target.url}`, `--token=${target.token}`, `--phone-number-id=${target.phoneNumberId}`, '--case=GRAPH-auth-rejected,E2E-*', '--runs=2', `--report=${dir}`], o);
  t.equal(outcome.exitCode, 1);
  t.equal(outcome.results.find((r) => r.id === 'GRAPH-auth-rejected')?.verdict, 'fail');
  t.ok(outcome.results.filter((r) => r.id.startsWith('E2E-')).every((r) => r.verdict === 'n/a'));
  t.match(outcome.results.find((r) => r.id === 'GRAPH-auth-rejected')?.replay ?? '', /--token=\[Filtered\] --phone-number-id=\d+/);
});

t.test('a reference started on its own passes the same cases over --target', async (t) => {
  const ref = await startReference();
  t.teardown(() => ref.stop());
  const dir = await mkdtemp(join(tmpdir(), 'cc-report-'));
  const o = capture();
  const outcome = await runConformance([`--target=${ref.url}`, `--control-token=${ref.controlToken}`, '--runs=3', `--report=${dir}`], o);
  t.equal(outcome.exitCode, 0, o.text() + o.errors());
  t.ok(outcome.results.length >= 7);
  t.ok(outcome.results.every((r) => r.verdict === 'pass'));
  const report = await readFile(join(dir, 'report.json'), 'utf8');
  t.notMatch(report, ref.controlToken, 'the control token is not in the report');
});

t.test('a fault makes the run exit 1 with a replay command that reproduces it', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cc-report-'));
  const o = capture();
  const outcome = await runConformance(['--reference-fault=wa-id-keeps-plus', '--case=GRAPH-send-response-shape', '--runs=10', '--seed=9', `--report=${dir}`], o);
  t.equal(outcome.exitCode, 1);
  const failed = outcome.results[0]!;
  t.equal(failed.verdict, 'fail');
  t.match(failed.replay, /^npm test -- --reference-fault=wa-id-keeps-plus --case=GRAPH-send-response-shape --seed=9 --path=\S+$/);
  t.ok(failed.evidence && failed.evidence.length > 0, 'wire evidence kept');
  const args = failed.replay!.replace('npm test -- ', '').split(' ');
  const again = await runConformance([...args, `--report=${dir}`], capture());
  t.equal(again.results[0]?.verdict, 'fail', 'the replay fails the same way');
  t.equal(again.results[0]?.counterexample, failed.counterexample);
});

t.test('npm test with flags runs the conformance run alone', async (t) => {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../../harness/cli/npm-test.ts', import.meta.url)), '--list'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((r) => child.once('close', r));
  t.equal(code, 0);
  t.notMatch(out, /project's own tests/);
  t.match(out, /\d+ cases\n$/);
});
