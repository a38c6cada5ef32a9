// `npm test`: with no flags, the project's own tests (tap) and then the full
// conformance run against the embedded reference. With flags
// (`--target=…`, `--list`, `--case=…`), the conformance run alone.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runConformance } from './conformance.ts';
import { PROJECT_ROOT } from '../target/reference-process.ts';
import { exitWhenFlushed, installShutdown } from './shutdown.ts';

installShutdown();
const argv = process.argv.slice(2);
if (argv.length === 0) {
  process.stdout.write('# the project\'s own tests\n');
  // tap's interactive reporters redraw the terminal; a log (CI, a pipe) gets plain TAP.
  const reporter = process.stdout.isTTY ? [] : ['--reporter=tap'];
  const tap = spawnSync(process.execPath, [join(PROJECT_ROOT, 'node_modules/tap/dist/esm/run.mjs'), ...reporter], { cwd: PROJECT_ROOT, stdio: 'inherit' });
  if (tap.status !== 0) {
    process.stderr.write(`cloudapi-conformance: the project's own tests failed (tap exit ${tap.status ?? tap.signal})\n`);
    process.exit(1);
  }
  process.stdout.write('# conformance run against the embedded reference\n');
}
const { exitCode } = await runConformance(argv);
await exitWhenFlushed(exitCode);
