// CPU time of this process and of the reference's, so a figure measured on a
// busy machine can be read as cost per message, which load does not change.

import { readFileSync } from 'node:fs';

/** CPU milliseconds (user + system) a process has used; undefined when it cannot be read. */
export function processCpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  if (pid === process.pid) {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  }
  try {
    // /proc/<pid>/stat: fields 14 and 15 are utime and stime in clock ticks (100 Hz on Linux).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /, '').split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

export interface CpuMeter {
  /** CPU ms per unit of work since the meter started, for this process and the other. */
  perUnit(units: number): { harness: number; target: number | undefined };
}

export function startCpuMeter(targetPid: number | undefined): CpuMeter {
  const h0 = processCpuMs(process.pid)!;
  const t0 = processCpuMs(targetPid);
  return {
    perUnit(units) {
      const h = processCpuMs(process.pid)! - h0;
      const t = processCpuMs(targetPid);
      return { harness: h / units, target: t === undefined || t0 === undefined ? undefined : (t - t0) / units };
    },
  };
}
