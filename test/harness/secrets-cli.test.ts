// Secrets as the user gives them: a token from a flag, a file or the
// environment never shows in the harness's output or reports, and a password
// in the target URL is filtered everywhere the URL is printed.
import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtemp, readFile, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startReference } from '../../harness/target/reference-process.ts';
import { startHostileTarget } from './hostile-target.ts';

const MAIN = fileURLToPath(new URL('../../harness/cli/main.ts', import.meta.url));
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], { encoding: 'utf8', timeout: 90_000, env: { ...process.env, CLOUDAPI_CONTROL_TOKEN: '', ...env } });

/** Like `cli`, but leaves this process's event loop free for the servers it runs (the front below). */
function cliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env: { ...process.env, CLOUDAPI_CONTROL_TOKEN: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => void (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => void (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

async function everything(dir: string, r: { stdout: string; stderr: string }): Promise<string> {
  let text = r.stdout + r.stderr;
  for (const f of await readdir(dir)) text += await readFile(join(dir, f), 'utf8');
  return text;
}

t.test('a control token from a flag or a file: the run works and never prints it', async (t) => {
  const reference = await startReference();
  t.teardown(() => reference.stop());
  const base = await mkdtemp(join(tmpdir(), 'cc-secret-'));
  const flagDir = join(base, 'flag');
  const byFlag = cli([`--target=${reference.url}`, `--control-token=${reference.controlToken}`, '--case=GRAPH-auth-rejected', '--seed=1', '--runs=2', `--report=${flagDir}`]);
  t.equal(byFlag.status, 0, byFlag.stderr);
  t.notMatch(await everything(flagDir, byFlag), reference.controlToken, 'not in stdout, stderr or the reports');

  const file = join(base, 'control-token.txt');
  await writeFile(file, `${reference.controlToken}\n`);
  const fileDir = join(base, 'file');
  const byFile = cli([`--target=${reference.url}`, `--control-token-file=${file}`, '--case=GRAPH-auth-rejected', '--seed=1', '--runs=2', `--report=${fileDir}`]);
  t.equal(byFile.status, 0, `the trailing newline is dropped: ${byFile.stderr}`);
  t.notMatch(await everything(fileDir, byFile), reference.controlToken);
});

t.test('an unreadable token file, or a flag and a file at once: exit 2, one line', async (t) => {
  const missing = cli(['--target=http://127.0.0.1:1', '--control-token-file=/nonexistent/token']);
  t.equal(missing.status, 2);
  t.equal(missing.stderr.trim().split('\n').length, 1);
  t.match(missing.stderr, /cannot read --control-token-file=\/nonexistent\/token: ENOENT/);
  const both = cli(['--target=http://127.0.0.1:1', '--token=abc', '--token-file=/etc/hostname', '--phone-number-id=1']);
  t.equal(both.status, 2);
  t.match(both.stderr, /give --token or --token-file, not both/);
});

t.test('a password in --target: filtered in errors, the TAP header, replay commands and reports', async (t) => {
  const unreachable = cli(['--target=http://someone:pa55word@127.0.0.1:1']);
  t.equal(unreachable.status, 2);
  t.match(unreachable.stderr, 'Cannot reach target http://[Filtered]@127.0.0.1:1');
  t.notMatch(unreachable.stderr, 'pa55word');

  // A front that accepts every Graph call: the auth case fails and prints its replay command.
  const reference = await startReference();
  t.teardown(() => reference.stop());
  const front = await startHostileTarget((req, _body, res) => {
    if (!(req.url ?? '').startsWith('/v')) return false;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"messaging_product":"whatsapp"}');
    return true;
  }, reference.url);
  t.teardown(() => front.close());
  const dir = await mkdtemp(join(tmpdir(), 'cc-userinfo-'));
  const target = front.url.replace('http://', 'http://someone:pw@');
  const r = await cliAsync([`--target=${target}`, '--case=GRAPH-auth-rejected', '--seed=1', '--runs=1', `--report=${dir}`], { CLOUDAPI_CONTROL_TOKEN: reference.controlToken });
  t.equal(r.status, 1, r.stderr);
  const shown = front.url.replace('http://', 'http://[Filtered]@');
  t.match(r.stdout, `against ${shown}`, 'the TAP header');
  t.match(r.stdout, `replay: "npm test -- --target=${shown} --control-token=[Filtered]`, 'the replay command');
  const text = await everything(dir, r);
  t.notMatch(text, /someone:pw|:pw@/, 'no password anywhere');
});
