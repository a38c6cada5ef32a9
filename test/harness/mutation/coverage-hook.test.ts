// The hook preloaded into a reference during a mutation run writes the
// mutants the process executed, and arms Stryker's hit limit.
import t, { type Test } from 'tap';
import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MUTATION_ENV } from '../../../harness/mutation/options.ts';

const HOOK = new URL('../../../harness/mutation/coverage-hook.mjs', import.meta.url).href;

/** A stand-in for instrumented code: counts coverage where Stryker's header does, and reads the hit limit the hook set. */
const PROGRAM = `
const ns = globalThis.__stryker__ ??= {};
const cov = ns.mutantCoverage ??= { static: {}, perTest: {} };
cov.static['3'] = 2; cov.static['7'] = 1;
if (process.argv[1] === 'loop') { ns.hitCount = ns.hitLimit + 1; }
process.stdout.write(JSON.stringify({ hitLimit: ns.hitLimit ?? null }));
`;

async function run(t: Test, env: Record<string, string>, arg = '') {
  const dir = await mkdtemp(join(tmpdir(), 'mutation-hook-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const r = spawnSync(process.execPath, ['--import', HOOK, '--input-type=module', '-e', PROGRAM, arg], {
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, [MUTATION_ENV.coverageDir]: dir, ...env },
  });
  const files = await readdir(dir);
  const written = files.length ? JSON.parse(await readFile(join(dir, files[0]!), 'utf8')) : undefined;
  return { r, files, written };
}

t.test('on exit, the coverage the process counted is in <pid>.json', async (t) => {
  const { r, files, written } = await run(t, {});
  t.equal(r.status, 0, r.stderr);
  t.equal(files.length, 1);
  t.match(files[0], /^\d+\.json$/);
  t.same(written, { coverage: { '3': 2, '7': 1 }, hitLimitReached: false });
  t.same(JSON.parse(r.stdout), { hitLimit: null }, 'no limit unless asked');
});

t.test('the hit limit is armed from the environment, and a process past it says so', async (t) => {
  const armed = await run(t, { [MUTATION_ENV.hitLimit]: '500' });
  t.same(JSON.parse(armed.r.stdout), { hitLimit: 500 });
  t.equal(armed.written.hitLimitReached, false);
  const looped = await run(t, { [MUTATION_ENV.hitLimit]: '500' }, 'loop');
  t.equal(looped.written.hitLimitReached, true);
});
