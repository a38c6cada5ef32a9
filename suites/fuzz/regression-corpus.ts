import { defineCase } from '../../harness/run/define-case.ts';
import { expect } from '../../harness/core/expect.ts';
import { CaseFailure, isHarnessError, NotApplicable } from '../../harness/core/errors.ts';
import { replayMissing, replaySteps } from '../../harness/fuzz/engine.ts';
import { STEP_REQUIRES } from '../../harness/fuzz/commands/requires.ts';
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
  // What replaying any entry needs; an entry needing more is left out and named (n/a when none is left).
  requires: [...STEP_REQUIRES],
  // The shipped corpus holds a sequence found against this fault (a consumer writes, the business answers, a read receipt).
  faults: ['status-delivered-after-read'],
  first: true,
  async run(ctx) {
    const env = ctx.world.runEnvironment();
    const files = await listEntries(DEFAULT_CORPUS);
    const skipped: string[] = [];
    let replayed = 0;
    for (const file of files) {
      const name = file.slice(file.lastIndexOf('/') + 1);
      let entry: CorpusEntry | undefined;
      try {
        entry = await readEntry(file);
      } catch (e) {
        // An unreadable or outdated entry is one clear failure, not a crash of the case.
        if (!isHarnessError(e)) throw e;
        expect(false, `corpus entry ${name} cannot be replayed`, 'a version 2 corpus entry', e.message);
      }
      // A sequence the fuzzer would only draw for a target declaring more says nothing about this one.
      const missing = replayMissing(entry!, env.declared, `Corpus file ${name}`);
      if (missing.length > 0) {
        skipped.push(`${name} (needs ${missing.join(', ')})`);
        continue;
      }
      const failed = await replaySteps(env, entry!, `Corpus file ${name}`);
      const c = failed?.cause;
      expect(
        failed === undefined,
        `corpus entry ${name} fails again: ${c instanceof Error ? c.message : String(c)}`,
        `the sequence passes: ${entry!.commands}`,
        `${c instanceof CaseFailure ? (c.actual ?? c.message) : String(c)} (replay: ${entry!.replay})`,
      );
      replayed++;
    }
    if (files.length === 0) throw new NotApplicable('the regression corpus (corpus/fuzz) holds no entries');
    if (replayed === 0) throw new NotApplicable(`no corpus entry applies to the declared capabilities: ${skipped.join('; ')}`);
    if (skipped.length > 0) ctx.note(`replayed ${replayed} of ${files.length} corpus entries; not applicable to the declared capabilities: ${skipped.join('; ')}`);
  },
});
