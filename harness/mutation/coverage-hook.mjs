// Preloaded (node --import) into a reference process started during a
// mutation run. Stryker's instrumented reference counts, in its global
// `__stryker__.mutantCoverage.static`, every mutant it executes; no test
// framework runs in that process to hand the counts back, so this writes them
// to a file the test runner reads when the case is over. It also arms
// Stryker's hit limit, so a mutant that loops forever stops itself and the
// runner can tell a timeout from a kill. Plain JavaScript: it loads before
// tsx, and it is the one file of the run that must never be mutated.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.env.CLOUDAPI_MUTATION_COVERAGE_DIR;
const hitLimit = Number(process.env.CLOUDAPI_MUTATION_HIT_LIMIT ?? '');
const ns = (globalThis.__stryker__ ??= {});
if (Number.isFinite(hitLimit) && hitLimit > 0) {
  ns.hitLimit = hitLimit;
  ns.hitCount = 0;
}

let written = -1;
function dump() {
  if (!dir) return;
  const coverage = ns.mutantCoverage?.static ?? {};
  const size = Object.keys(coverage).length;
  const hitLimitReached = ns.hitCount !== undefined && ns.hitCount > ns.hitLimit;
  if (size === written && !hitLimitReached) return;
  written = size;
  try {
    writeFileSync(join(dir, `${process.pid}.json`), JSON.stringify({ coverage, hitLimitReached }));
  } catch {
    // The run may have removed the directory already: nothing is waiting for this file.
  }
}

// On exit (a stop, a crash that still runs exit handlers), and now and then
// for a process killed without them.
process.on('exit', dump);
setInterval(dump, 1000).unref();
