import { defineCase } from '../../harness/core/case.ts';
import { expect } from '../../harness/core/context.ts';
import { CaseFailure, isHarnessError } from '../../harness/core/errors.ts';
import { replaySteps } from '../../harness/fuzz/engine.ts';
import { FUZZ_REQUIRES } from '../../harness/fuzz/commands/index.ts';
import { listEntries, readEntry, type CorpusEntry } from '../../harness/fuzz/corpus.ts';
import { DEFAULT_CORPUS } from '../../harness/fuzz/corpus-location.ts';

export default defineCase({
  id: 'FUZZ-regression-corpus',
  title: 'Every command sequence in the regression corpus still passes',
  clause: {
    text: 'Every failure the fuzzer finds is shrunk and written to the regression corpus, a file per failure with the command that replays it; every run, npm test included, replays the whole corpus first, checking the invariants of every area after each step.',
    source: 'docs/cloud-api-rules.md#regression-corpus',
  },
  severity: 'MUST',
  requires: [...FUZZ_REQUIRES],
  // The shipped corpus holds a sequence found against this fault (a consumer writes, the business answers, a read receipt).
  faults: ['status-delivered-after-read'],
  first: true,
  async run(ctx) {
    const env = ctx.world.env;
    for (const file of await listEntries(DEFAULT_CORPUS)) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      let entry: CorpusEntry | undefined;
      try {
        entry = await readEntry(file);
      } catch (e) {
        // An unreadable or outdated entry is one clear failure, not a crash of the case.
        if (!isHarnessError(e)) throw e;
        expect(false, `corpus entry ${name} cannot be replayed`, 'a version 2 corpus entry', e.message);
      }
      const failed = await replaySteps(env, entry!, `Corpus file ${name}`);
      const c = failed?.cause;
      expect(
        failed === undefined,
        `corpus entry ${name} fails again: ${c instanceof Error ? c.message : String(c)}`,
        `the sequence passes: ${entry!.commands}`,
        `${c instanceof CaseFailure ? (c.actual ?? c.message) : String(c)} (replay: ${entry!.replay})`,
      );
    }
  },
});
