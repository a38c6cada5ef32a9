// The report directory is checked before the first case runs: a run whose
// results cannot be written is refused at once (one line, exit 2), not after
// an hour of cases. Only a normal writable directory on a normal file system
// is accepted: /proc, /sys and /dev are refused (Node's recursive mkdir spins
// for ever under /proc).

import { mkdirSync, realpathSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';

const SPECIAL = ['/proc', '/sys', '/dev'];

const underSpecial = (p: string) => SPECIAL.some((s) => p === s || p.startsWith(s + sep));

/**
 * Proves a file can be written in `dir`, making the missing directories for the
 * proof and removing them after it, so a run refused later leaves nothing
 * behind; returns why not, or undefined.
 */
export function reportDirProblem(dir: string, flag = '--report'): string | undefined {
  const wanted = resolve(dir);
  if (underSpecial(wanted)) return `${flag}=${dir} is under ${SPECIAL.join(', ')}: give a normal directory`;
  // The nearest part of the path that exists must be a directory on a normal file system.
  const missing: string[] = [];
  let existing = wanted;
  for (;;) {
    try {
      if (!statSync(existing).isDirectory()) return `the report directory ${dir} cannot be made: ${existing} is not a directory`;
      break;
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTDIR') return `the report directory ${dir} cannot be made: a part of the path is a file`;
      if (code !== 'ENOENT') return `the report directory ${dir} cannot be used: ${code ?? (e as Error).message}`;
      missing.unshift(existing);
      const up = dirname(existing);
      if (up === existing) return `the report directory ${dir} cannot be made`;
      existing = up;
    }
  }
  if (underSpecial(realpathSync(existing))) return `${flag}=${dir} is under ${SPECIAL.join(', ')}: give a normal directory`;
  const probe = join(wanted, `.write-check-${process.pid}`);
  try {
    // One level at a time: a recursive mkdir is what spins on special file systems.
    for (const d of missing) mkdirSync(d);
    writeFileSync(probe, '');
    rmSync(probe, { force: true });
  } catch (e) {
    return `the report directory ${dir} is not writable: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`;
  } finally {
    for (const d of [...missing].reverse()) {
      try {
        rmdirSync(d);
      } catch {
        // Never made, or something else wrote into it meanwhile: leave it.
      }
    }
  }
  return undefined;
}
