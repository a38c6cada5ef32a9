import { defineCase } from '../../harness/core/case.ts';
import { expect } from '../../harness/core/context.ts';
import { runFuzz } from '../../harness/fuzz/engine.ts';
import { FUZZ_REQUIRES } from '../../harness/fuzz/commands/index.ts';
import { listEntries, readEntry } from '../../harness/fuzz/corpus.ts';
import { DEFAULT_CORPUS } from '../../harness/fuzz/corpus-location.ts';

export default defineCase({
  id: 'FUZZ-regression-corpus',
  title: 'Every command sequence in the regression corpus still passes',
  clause: {
    text: 'every failure is shrunk and written to a regression corpus (a file per failure, with the command that replays it); npm test replays the whole corpus first.',
    source: 'cloudapi-conformance issue 8; the sequences are the fuzzer\'s own (harness/fuzz), invariants of every area',
  },
  severity: 'MUST',
  requires: [...FUZZ_REQUIRES],
  // The shipped corpus holds a sequence found against this fault (burst, then a read receipt).
  faults: ['status-delivered-after-read'],
  first: true,
  async run(ctx) {
    const env = ctx.world.env;
    for (const file of await listEntries(DEFAULT_CORPUS)) {
      const entry = await readEntry(file);
      const r = await runFuzz(env, { seed: entry.seed, path: entry.path, replayPath: entry.replayPath, runs: 1, budgetMs: 60_000, maxCommands: 200, shrinkBudgetMs: 0 });
      expect(
        r.failure === undefined,
        `corpus entry ${file.slice(file.lastIndexOf('/') + 1)} fails again: ${r.failure?.message ?? ''}`,
        `the sequence passes: ${entry.commands}`,
        `${r.failure?.actual ?? r.failure?.message ?? ''} (replay: ${entry.replay})`,
      );
    }
  },
});
