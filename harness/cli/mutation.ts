// `npm run mutation -- [--files=GLOBS] [--runs=N] [--incremental]`: mutation
// testing of the reference by the conformance suite (harness/mutation/).
// Stryker reads stryker.config.mjs; the flags override its `mutate`,
// `incremental`, `concurrency` and the runner's `runs`. Afterwards the score
// table is printed and written to reports/mutation/scores.md.

import { mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { isHarnessError } from '../core/errors.ts';
import { PROJECT_ROOT } from '../target/reference-process.ts';
import { parseMutationArgs, referenceModules, usage, type MutationArgs } from '../mutation/args.ts';
import { DEFAULT_RUNNER_OPTIONS, MUTATION_REPORTS } from '../mutation/options.ts';
import { writeScoreFiles } from '../mutation/score-files.ts';
import { scoresTable } from '../mutation/scores.ts';
import { exitWhenFlushed, installShutdown } from './shutdown.ts';

const fail = (message: string) => (process.stderr.write(`cloudapi-mutation: ${message}\n`), exitWhenFlushed(2));

installShutdown();
let args: MutationArgs;
try {
  args = parseMutationArgs(process.argv.slice(2), referenceModules(PROJECT_ROOT));
} catch (e) {
  if (!isHarnessError(e)) throw e;
  await fail(e.message);
}
if (args!.help) {
  process.stdout.write(usage() + '\n');
  await exitWhenFlushed(0);
}

// Stryker finds its config, the plugin and the files to mutate relative to the working directory.
process.chdir(PROJECT_ROOT);
await mkdir(join(PROJECT_ROOT, MUTATION_REPORTS.dir), { recursive: true });
const started = Date.now();
const { Stryker } = await import('@stryker-mutator/core');
try {
  await new Stryker({
    mutate: args!.files,
    incremental: args!.incremental,
    concurrency: args!.concurrency,
    conformance: { ...DEFAULT_RUNNER_OPTIONS, runs: args!.runs },
  } as ConstructorParameters<typeof Stryker>[0]).runMutationTest();
} catch (e) {
  await fail(`Stryker did not finish: ${(e as Error).message}`);
}
const wallMs = Date.now() - started;
try {
  const { scores, markdown, summary } = await writeScoreFiles(PROJECT_ROOT, new Date().toISOString());
  process.stdout.write(`\n${scoresTable(scores)}\n\n`);
  process.stdout.write(`${scores.survivors.length} survived, ${scores.uncovered.length} not covered by any case (listed in ${relative(PROJECT_ROOT, markdown)}); summary in ${relative(PROJECT_ROOT, summary)}\n`);
  process.stdout.write(`${args!.files.length} module(s), --runs=${args!.runs}, wall time ${Math.round(wallMs / 1000)} s\n`);
} catch (e) {
  if (!isHarnessError(e)) throw e;
  await fail(e.message);
}
await exitWhenFlushed(0);
