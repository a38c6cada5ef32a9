// CLI of the reference target: `tsx reference/main.ts --port=N --control-token=T ...`
import { rmSync } from 'node:fs';
import { ReferenceFailure } from './errors.ts';
import { FAULTS } from './faults/index.ts';
import { startReference, type ReferenceOptions } from './server.ts';
import { declaredSubset } from './control.ts';

const USAGE = `usage: tsx reference/main.ts --port=N --control-token=T [--host=127.0.0.1] [--data-dir=DIR] [--fault=NAME] [--capabilities=A,B]

  --port=N            port to listen on; 0 picks a free one
  --control-token=T   bearer token the control plane accepts (env CLOUDAPI_REFERENCE_CONTROL_TOKEN as fallback)
  --host=H            address to bind (default 127.0.0.1)
  --data-dir=DIR      where the SQLite database lives (default: a fresh temp dir)
  --fault=NAME        run with one deliberate defect (env CLOUDAPI_REFERENCE_FAULT as fallback)
  --sync=full|normal  full (default): commits survive a power cut; normal: a process crash only, faster
  --capabilities=A,B  declare only these capabilities (default: all it implements), e.g. the Messaging
                      level's graph.messages,transport.signal,control.provision,webhooks,control.idle;
                      empty: none. The reference behaves the same; a harness uses only what is declared

faults:
${FAULTS.map((f) => `  ${f.name.padEnd(30)} ${f.description}`).join('\n')}
`;

const FLAGS = new Set(['port', 'control-token', 'host', 'data-dir', 'fault', 'sync', 'capabilities', 'help']);

function parseArgs(argv: string[]): ReferenceOptions | 'help' {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/s.exec(argv[i]);
    if (!m || !FLAGS.has(m[1])) throw new ReferenceFailure('REF_BAD_FLAG', `unknown flag ${m ? `--${m[1]}` : argv[i]}`);
    if (m[1] === 'help') return 'help';
    let value = m[2];
    if (value === undefined) {
      value = argv[++i];
      if (value === undefined) throw new ReferenceFailure('REF_BAD_FLAG', `flag --${m[1]} needs a value`);
    }
    values.set(m[1], value);
  }
  const port = values.get('port');
  if (port === undefined || !/^[0-9]+$/.test(port) || Number(port) > 65535) {
    throw new ReferenceFailure('REF_BAD_FLAG', `--port must be an integer 0..65535 (got ${port ?? 'nothing'})`);
  }
  // The harness passes its token in the environment: a command line is visible to every local user (ps).
  const controlToken = values.get('control-token') ?? process.env.CLOUDAPI_REFERENCE_CONTROL_TOKEN;
  if (!controlToken) throw new ReferenceFailure('REF_BAD_FLAG', '--control-token is required');
  const fault = values.get('fault') ?? process.env.CLOUDAPI_REFERENCE_FAULT;
  const sync = values.get('sync') ?? 'full';
  if (sync !== 'full' && sync !== 'normal') throw new ReferenceFailure('REF_BAD_FLAG', `--sync must be full or normal (got ${sync})`);
  const list = values.get('capabilities');
  const capabilities = list === undefined ? undefined : declaredSubset(list.split(',').map((c) => c.trim()).filter((c) => c !== ''));
  return {
    port: Number(port),
    controlToken,
    host: values.get('host') ?? '127.0.0.1',
    dataDir: values.get('data-dir'),
    fault: fault === '' ? undefined : fault,
    sync,
    capabilities,
  };
}

async function main(): Promise<void> {
  let options: ReferenceOptions | 'help';
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`cloudapi-reference: ${(e as Error).message} (see --help)\n`);
    process.exit(2);
  }
  if (options === 'help') {
    process.stdout.write(USAGE);
    return;
  }
  let running;
  try {
    running = await startReference(options);
  } catch (e) {
    process.stderr.write(`cloudapi-reference: ${(e as Error).message}\n`);
    process.exit(e instanceof ReferenceFailure && e.code === 'REF_UNKNOWN_FAULT' ? 2 : 1);
  }
  process.stdout.write(`cloudapi-reference listening on ${running.url}\n`);
  const stop = (): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  // A bug in background work must not take the target down mid-run; say it loudly instead.
  process.on('unhandledRejection', (e) => process.stderr.write(`cloudapi-reference: background failure: ${String(e)}\n`));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  // Started by the harness: stdin is a pipe from it, and its end means the harness is gone (even by SIGKILL).
  const watch = process.env.CLOUDAPI_REFERENCE_PARENT_WATCH;
  if (watch) {
    process.stdin.once('end', () => {
      setTimeout(() => process.exit(1), 5_000).unref();
      void running.close().finally(() => {
        if (watch === 'remove-data-dir') rmSync(running.dataDir, { recursive: true, force: true });
        process.exit(0);
      });
    });
    process.stdin.resume();
  }
}

void main();
