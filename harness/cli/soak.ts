// `npm run soak`: the crash soak (harness/crash/soak.ts). The embedded
// reference runs in its own process under load in both directions and is
// killed with SIGKILL at seeded random moments; at the end every accepted
// message is counted. Exit 0 when nothing accepted was lost or read twice,
// 1 when something was, 2 on bad flags or when the run could not start.

import { isHarnessError } from '../core/errors.ts';
import { runSoak } from '../crash/soak.ts';
import { exactlyOnceSummary } from '../verify/exactly-once.ts';
import { FAULTS } from '../../reference/faults/index.ts';
import { badArgument, parseFlagWords, usageLines, wholeNumber, type FlagSpec } from './flags.ts';

const FLAGS: FlagSpec[] = [
  { name: 'messages', value: 'N', help: 'messages to start, both directions together (default 10000)' },
  { name: 'kills', value: 'N', help: 'SIGKILLs of the reference during the traffic (default 10)' },
  { name: 'seed', value: 'S', help: 'where the kills fall (default 1)' },
  { name: 'businesses', value: 'N', help: 'business numbers (default 3)' },
  { name: 'consumers', value: 'N', help: 'consumers per business (default 4)' },
  { name: 'sync', value: 'full|normal', help: "the reference's SQLite --sync (default full)" },
  { name: 'reference-fault', value: 'NAME', help: 'run the reference with this fault switched on' },
  { name: 'help', help: 'show this help' },
];

async function main(argv: readonly string[]): Promise<number> {
  let options;
  try {
    const raw = parseFlagWords(argv, FLAGS);
    if (raw.has('help')) {
      process.stdout.write(['Usage: npm run soak -- [flags]', ...usageLines(FLAGS)].join('\n') + '\n');
      return 0;
    }
    const s = (n: string) => raw.get(n) as string | undefined;
    const sync = s('sync') ?? 'full';
    if (sync !== 'full' && sync !== 'normal') throw badArgument(`--sync must be full or normal, got "${sync}"`);
    const fault = s('reference-fault');
    if (fault !== undefined && !FAULTS.some((f) => f.name === fault)) throw badArgument(`--reference-fault: no fault named "${fault}"`);
    options = {
      messages: s('messages') === undefined ? 10_000 : wholeNumber('messages', s('messages')!, 10, 1_000_000),
      kills: s('kills') === undefined ? 10 : wholeNumber('kills', s('kills')!, 0, 1_000),
      seed: s('seed') ?? '1',
      businesses: s('businesses') === undefined ? 3 : wholeNumber('businesses', s('businesses')!, 1, 20),
      consumersPerBusiness: s('consumers') === undefined ? 4 : wholeNumber('consumers', s('consumers')!, 1, 100),
      sync: sync as 'full' | 'normal',
      fault,
    };
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    process.stderr.write(`cloudapi-soak: ${e.message}\n`);
    return 2;
  }
  try {
    const r = await runSoak({ ...options, progress: (line) => process.stderr.write(`${line}\n`) });
    process.stdout.write(`${exactlyOnceSummary(r.tally)}\n`);
    process.stdout.write(`${r.kills} kills, ${r.failedRequests} requests refused or cut off while the target was down, ${r.seconds.toFixed(1)} s\n`);
    if (r.problems.length > 0) {
      for (const p of r.problems) process.stdout.write(`FAIL ${p}\n`);
      return 1;
    }
    process.stdout.write('ok: nothing accepted was lost, nothing read twice\n');
    return 0;
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    process.stderr.write(`cloudapi-soak: ${e.message}\n`);
    return 2;
  }
}

process.exitCode = await main(process.argv.slice(2));
