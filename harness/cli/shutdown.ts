// Installed once by every CLI entry point: a signal ends the run cleanly, so
// the exit hooks run (reference-process.ts kills the embedded reference and
// removes its data directory). Someone else handling the signal (the run
// writing its report on abort) goes first; this only makes sure the process
// ends within 15 s, and a second signal ends it at once.
//
// `npm test` passes a SIGTERM only to its `sh -c` child, which dies without
// passing it on: the run would go on, orphaned. So under npm, the run also
// watches the processes between it and npm, and takes their end for a SIGTERM.

import { readFileSync } from 'node:fs';

const EXIT_CODES = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
let installed = false;

export function installShutdown(): void {
  if (installed) return;
  installed = true;
  let received = 0;
  for (const signal of Object.keys(EXIT_CODES) as Array<keyof typeof EXIT_CODES>) {
    process.on(signal, () => {
      if (++received > 1 || process.listenerCount(signal) === 1) process.exit(EXIT_CODES[signal]);
      setTimeout(() => process.exit(EXIT_CODES[signal]), 15_000).unref();
    });
  }
  watchNpmLauncher(() => process.kill(process.pid, 'SIGTERM'));
}

/** Linux /proc: a process's parent and whether it still runs (a zombie does not). */
function procStat(pid: number): { ppid: number; running: boolean } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), running: fields[0] !== 'Z' && fields[0] !== 'X' };
  } catch {
    return undefined;
  }
}

function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** Calls `gone` once, when npm or a process between it and this one ends. */
export function watchNpmLauncher(gone: () => void, intervalMs = 1_000): void {
  if (!process.env.npm_lifecycle_event || process.platform !== 'linux') return;
  const chain: number[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 6 && pid > 1; depth++) {
    chain.push(pid);
    if (/^npm( |$)/.test(commandOf(pid))) {
      const timer = setInterval(() => {
        if (chain.every((p) => procStat(p)?.running)) return;
        clearInterval(timer);
        gone();
      }, intervalMs);
      timer.unref();
      return;
    }
    pid = procStat(pid)?.ppid ?? 0;
  }
}

/**
 * Ends the process once everything written to stdout and stderr has left:
 * on a pipe Node queues what the reader has not taken yet, and a bare
 * process.exit drops it (a long --list read by another program ends cut off).
 */
export async function exitWhenFlushed(code: number): Promise<never> {
  await Promise.all([process.stdout, process.stderr].map((s) => new Promise<void>((r) => s.write('', () => r()))));
  process.exit(code);
}
