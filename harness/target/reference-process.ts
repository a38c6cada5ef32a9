// Starts the embedded reference target in its own process on an ephemeral
// loopback port, and talks to it over the same HTTP path a remote target uses.
// No reference outlives the harness, nor its temporary data directory (which
// holds access tokens and app secrets): the harness kills and removes them on
// exit, a crash or a signal (harness/cli/shutdown.ts), and a reference whose
// harness died by SIGKILL sees its stdin pipe close and cleans up itself.

import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
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

/** Reference processes still running, and data directories made for them not yet removed. */
const liveChildren = new Set<ChildProcess>();
const ownedDirs = new Set<string>();

/** Synchronous, for the `exit` event: kill what is left and remove what was made. */
function cleanUpNow(): void {
  for (const child of liveChildren) child.kill('SIGKILL');
  liveChildren.clear();
  for (const dir of ownedDirs) rmSync(dir, { recursive: true, force: true });
  ownedDirs.clear();
}

let exitHook = false;
export async function startReference(options: ReferenceOptions = {}): Promise<ReferenceProcess> {
  if (!exitHook) {
    exitHook = true;
    process.once('exit', cleanUpNow);
  }
  const controlToken = options.controlToken ?? secretToken('ctl');
  const dataDir = options.dataDir ?? (await mkdtemp(join(tmpdir(), 'cloudapi-reference-')));
  const ownsDataDir = options.dataDir === undefined;
  if (ownsDataDir) ownedDirs.add(dataDir);
  // CLOUDAPI_REFERENCE_NODE_ARGS lets a profiler in (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"),
  // which Node refuses through NODE_OPTIONS.
  const nodeArgs = (process.env.CLOUDAPI_REFERENCE_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
  const args = [...nodeArgs, '--import', 'tsx', join(PROJECT_ROOT, 'reference/main.ts'), `--port=${options.port ?? 0}`, `--data-dir=${dataDir}`];
  if (options.fault) args.push(`--fault=${options.fault}`);
  if (options.sync) args.push(`--sync=${options.sync}`);
  if (options.capabilities) args.push(`--capabilities=${options.capabilities.join(',')}`);
  // stdin is a pipe the reference watches (reference/main.ts): it closes when the harness dies, however it dies.
  // The control token goes in the environment, not on a command line any local user can read.
  const env = { ...process.env, CLOUDAPI_REFERENCE_PARENT_WATCH: ownsDataDir ? 'remove-data-dir' : 'keep-data-dir', CLOUDAPI_REFERENCE_CONTROL_TOKEN: controlToken };
  const child: ChildProcess = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['pipe', 'pipe', 'pipe'], env });
  liveChildren.add(child);
  child.stdin!.on('error', () => {});
  child.once('exit', () => liveChildren.delete(child));
  const removeOwnDir = async () => {
    if (!ownsDataDir) return;
    await rm(dataDir, { recursive: true, force: true });
    ownedDirs.delete(dataDir);
  };

  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const started = new Promise<string>((resolve, reject) => {
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
    child.once('error', (e) => {
      clearTimeout(timer);
      reject(new HarnessError('HARNESS_REFERENCE_START', `The embedded reference could not be started: ${e.message}`));
    });
  });
  let url: string;
  try {
    url = await started;
  } catch (e) {
    // A failed start leaves nothing behind.
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
    await removeOwnDir();
    throw e;
  }
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
      await removeOwnDir();
    },
  };
}
