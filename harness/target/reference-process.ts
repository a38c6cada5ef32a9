// Starts the embedded reference target in its own process on an ephemeral
// loopback port, and talks to it over the same HTTP path a remote target uses.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HarnessError } from '../core/errors.ts';
import { secretToken } from '../core/random.ts';

export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const READY = /cloudapi-reference listening on (http:\/\/\S+)/;

export interface ReferenceProcess {
  url: string;
  controlToken: string;
  dataDir: string;
  /** Its process id (the bench reads its CPU time). */
  pid: number | undefined;
  stop(): Promise<void>;
  /** SIGKILL, no cleanup: a crash. The data directory stays (restart on it with `dataDir`). */
  kill(): Promise<void>;
}

export interface ReferenceOptions {
  fault?: string;
  dataDir?: string;
  startTimeoutMs?: number;
  /** The reference's --sync (default: its own, full). */
  sync?: 'full' | 'normal';
  /** The reference's --capabilities: declare only these (default: all it implements). */
  capabilities?: readonly string[];
  /** Default 0 (a free one); a restart after a kill passes the port it had, so clients keep their URL. */
  port?: number;
  /** Default: a fresh one; a restart passes the one it had. */
  controlToken?: string;
}

export async function startReference(options: ReferenceOptions = {}): Promise<ReferenceProcess> {
  const controlToken = options.controlToken ?? secretToken('ctl');
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cloudapi-reference-')));
  const ownsDataDir = options.dataDir === undefined;
  // CLOUDAPI_REFERENCE_NODE_ARGS lets a profiler in (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
  // which Node refuses through NODE_OPTIONS.
  const nodeArgs = (process.env.CLOUDAPI_REFERENCE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const args = [...nodeArgs, '--import', 'tsx', join(PROJECT_ROOT, 'reference/main.ts'), `--port=${options.port ?? 0}`, `--control-token=${controlToken}`, `--data-dir=${dataDir}`];
  if (options.fault) args.push(`--fault=${options.fault}`);
  if (options.sync) args.push(`--sync=${options.sync}`);
  if (options.capabilities) args.push(`--capabilities=${options.capabilities.join(',')}`);
  const child: ChildProcess = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });

  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new HarnessError('HARNESS_REFERENCE_START', `The embedded reference did not start within ${(options.startTimeoutMs ?? 60_000) / 1000} s`));
    }, options.startTimeoutMs ?? 60_000);
    child.stdout!.on('data', (d: Buffer) => {
      stdout += d.toString();
      const m = READY.exec(stdout);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      const last = stderr.trim().split('\n').pop() ?? '';
      reject(new HarnessError('HARNESS_REFERENCE_START', `The embedded reference exited (code ${code}) before listening${last ? `: ${last}` : ''}`));
    });
  });
  child.stdout!.resume();

  return {
    url,
    controlToken,
    dataDir,
    pid: child.pid,
    async kill() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGKILL');
        await exited;
      }
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    },
  };
}
