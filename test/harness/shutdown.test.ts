// No embedded reference outlives the run, nor its data directory (it holds
// access tokens and app secrets): not on SIGTERM to `npm test` (which stops
// the signal at its sh child), not when the harness itself is SIGKILLed.
import t from 'tap';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, startReference } from '../../harness/target/reference-process.ts';

const linux = existsSync('/proc/self/cmdline');

/** Processes whose command line names `dir` (the reference's --data-dir is under it). */
function processesUnder(dir: string): number[] {
  const found: number[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      if (readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)) found.push(Number(pid));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const referenceDirs = (dir: string) => readdirSync(dir).filter((f) => f.startsWith('cloudapi-reference-'));

/** Resolves once the run has printed its TAP header: the reference is up and a case runs. */
function started(child: ChildProcess): Promise<void> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('# cloudapi-conformance')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the run ended (${code}) before its first case: ${out}`)));
  });
}

/** Polls until nothing is left under `dir`; gives up after `ms` and says what is left. */
async function leftovers(dir: string, ms = 30_000): Promise<{ processes: number[]; dirs: string[] }> {
  const until = Date.now() + ms;
  for (;;) {
    const left = { processes: processesUnder(dir), dirs: referenceDirs(dir) };
    if ((left.processes.length === 0 && left.dirs.length === 0) || Date.now() > until) return left;
    await new Promise((r) => setTimeout(r, 250));
  }
}

const RUN = ['--case=HOOK-signature-valid', '--seed=1', '--runs=50'];

t.test('SIGTERM to npm test: no reference process and no data directory left', { skip: !linux && 'needs /proc' }, async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), 'cc-sigterm-'));
  const npm = spawn('npm', ['test', '--', ...RUN, `--report=${join(tmp, 'report')}`], { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
  await started(npm);
  t.ok(referenceDirs(tmp).length === 1, 'the reference made its data directory');
  const exited = new Promise((r) => npm.once('exit', r));
  npm.kill('SIGTERM');
  await exited;
  t.same(await leftovers(tmp), { processes: [], dirs: [] });
});

t.test('SIGKILL to the harness: the reference notices, stops and removes its data directory', { skip: !linux && 'needs /proc' }, async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), 'cc-sigkill-'));
  const harness = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'harness/cli/main.ts'), ...RUN, `--report=${join(tmp, 'report')}`], { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'pipe', 'pipe'] });
  await started(harness);
  t.ok(referenceDirs(tmp).length === 1, 'the reference made its data directory');
  const exited = new Promise((r) => harness.once('exit', r));
  harness.kill('SIGKILL');
  await exited;
  t.same(await leftovers(tmp), { processes: [], dirs: [] });
});

t.test('a failed start leaves no data directory', async (t) => {
  const tmp = await mkdtemp(join(tmpdir(), 'cc-failed-start-'));
  const saved = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  t.teardown(() => void (saved === undefined ? delete process.env.TMPDIR : (process.env.TMPDIR = saved)));
  await t.rejects(startReference({ fault: 'no-such-fault' }), { code: 'HARNESS_REFERENCE_START' });
  t.same(referenceDirs(tmp), []);
});
