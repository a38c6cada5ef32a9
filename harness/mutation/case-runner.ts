// The conformance side of a mutation run: runs cases against a reference
// started from the same tree as this module. The Stryker test runner imports
// it from the sandbox (its working directory), so PROJECT_ROOT, and with it
// the reference/main.ts the harness starts, is the sandbox's instrumented copy.
// The mutant to switch on reaches the reference through its environment
// (Stryker's mutant switching), and the coverage hook preloaded into it
// writes back which mutants it executed.

import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConformanceCase } from '../core/case.ts';
import type { CaseResult } from '../core/result.ts';
import { SecretRegistry } from '../core/secrets.ts';
import { loadCases, SUITES_DIR } from '../run/registry.ts';
import { runCases } from '../run/run-cases.ts';
import { openSession, type Session } from '../run/session.ts';
import { PROJECT_ROOT } from '../target/reference-process.ts';
import { MUTATION_ENV } from './options.ts';
import { caught } from './verdicts.ts';
import type { LoadedCase, MutantHits, SessionOptions, SessionRun } from './run-types.ts';

export { PROJECT_ROOT };
export type { LoadedCase, MutantHits, SessionOptions, SessionRun };

const HOOK = fileURLToPath(new URL('./coverage-hook.mjs', import.meta.url));
const CASE_TIMEOUT_MS = 120_000;

/** Every case, with its file; the order is the registry's. */
export async function loadCasesWithFiles(): Promise<LoadedCase[]> {
  const cases = await loadCases();
  // The same module URLs the registry imported: these imports come from its cache.
  const fileOf = new Map<ConformanceCase, string>();
  for (const area of (await readdir(SUITES_DIR, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    for (const f of await readdir(join(SUITES_DIR, area.name))) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts') || f.startsWith('_')) continue;
      const file = join(SUITES_DIR, area.name, f);
      const mod = (await import(pathToFileURL(file).href)) as { default?: ConformanceCase };
      if (mod.default) fileOf.set(mod.default, file);
    }
  }
  return cases.map((c) => ({ c, file: fileOf.get(c) ?? '' }));
}

/** Sets environment variables for the reference about to start, and puts the old values back after. */
async function withEnv<T>(vars: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const before = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  const set = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  set(vars);
  try {
    return await fn();
  } finally {
    set(before);
  }
}

/** Every coverage file the session's reference processes wrote (a restart may start another). */
async function readCoverage(dir: string): Promise<{ coverage: MutantHits; hitLimitReached: boolean }> {
  const coverage: MutantHits = {};
  let hitLimitReached = false;
  for (const f of await readdir(dir).catch(() => [] as string[])) {
    if (!f.endsWith('.json')) continue;
    let data: { coverage?: MutantHits; hitLimitReached?: boolean };
    try {
      data = JSON.parse(await readFile(join(dir, f), 'utf8')) as typeof data;
    } catch {
      continue; // written while the process died: the next file or the last dump has it
    }
    for (const [id, n] of Object.entries(data.coverage ?? {})) coverage[id] = (coverage[id] ?? 0) + n;
    hitLimitReached ||= data.hitLimitReached === true;
  }
  return { coverage, hitLimitReached };
}

/** Runs `cases`, in order, against one fresh reference with the options' mutant switched on. */
export async function runSession(cases: readonly ConformanceCase[], o: SessionOptions): Promise<SessionRun> {
  if (/\s/.test(HOOK)) throw new Error(`the coverage hook's path holds whitespace, which CLOUDAPI_REFERENCE_NODE_ARGS cannot carry: ${HOOK}`);
  const dir = await mkdtemp(join(tmpdir(), 'cloudapi-mutation-'));
  const nodeArgs = [process.env.CLOUDAPI_REFERENCE_NODE_ARGS ?? '', '--import', pathToFileURL(HOOK).href].join(' ').trim();
  const env = {
    CLOUDAPI_REFERENCE_NODE_ARGS: nodeArgs,
    [MUTATION_ENV.coverageDir]: dir,
    [MUTATION_ENV.hitLimit]: o.hitLimit === undefined ? undefined : String(o.hitLimit),
    [MUTATION_ENV.activeMutant]: o.activeMutant,
  };
  const results: CaseResult[] = [];
  let timedOut = false;
  let startError: string | undefined;
  let session: Session | undefined;
  let timer: NodeJS.Timeout | undefined;
  try {
    await withEnv(env, async () => {
      try {
        session = await openSession({ listenHost: '127.0.0.1', listenPort: 0, secrets: new SecretRegistry() });
      } catch (e) {
        startError = (e as Error).message;
      }
    });
    if (session) {
      const opened = session;
      // A hung mutant: kill its reference, so the case in flight ends at once and no other starts.
      timer = setTimeout(() => {
        timedOut = true;
        void opened.reference?.kill();
      }, o.deadlineMs);
      const options = { seed: o.seed, runs: o.runs, caseTimeoutMs: Math.min(CASE_TIMEOUT_MS, o.deadlineMs), replay: () => '' };
      for (const c of cases) {
        if (timedOut) break;
        let stop = false;
        const abort = await runCases([c], opened.env, options, (r) => {
          results.push(r);
          if (o.bail && caught(r.verdict)) stop = true;
        });
        if (stop || abort) break;
      }
    }
  } finally {
    clearTimeout(timer);
    await (session as Session | undefined)?.close().catch(() => {});
  }
  const { coverage, hitLimitReached } = await readCoverage(dir);
  await rm(dir, { recursive: true, force: true });
  return { results, coverage, hitLimitReached, timedOut, ...(startError !== undefined ? { startError } : {}) };
}
