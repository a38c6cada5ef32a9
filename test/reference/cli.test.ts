// The CLI contract the harness relies on: one listening line, exit 2 on bad flags, clean SIGTERM.
import t from 'tap';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../reference/main.ts', import.meta.url));
const TSX = ['--import', 'tsx', MAIN];

t.test('bad flags exit 2 with one clear line', async (t) => {
  const unknown = spawnSync(process.execPath, [...TSX, '--port=0', '--control-token=x', '--colour=red'], { encoding: 'utf8' });
  t.equal(unknown.status, 2);
  t.match(unknown.stderr, /unknown flag --colour/);
  const fault = spawnSync(process.execPath, [...TSX, '--port=0', '--control-token=x', '--fault=bogus'], { encoding: 'utf8' });
  t.equal(fault.status, 2);
  t.match(fault.stderr, /unknown fault "bogus".*wa-id-keeps-plus/);
  const help = spawnSync(process.execPath, [...TSX, '--help'], { encoding: 'utf8' });
  t.equal(help.status, 0);
  t.match(help.stdout, /--control-token/);
});

t.test('prints the listening line and stops on SIGTERM', async (t) => {
  const child = spawn(process.execPath, [...TSX, '--port=0', '--control-token=x'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve) => {
    let out = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      if (out.includes('\n')) resolve(out);
    });
  });
  t.match(line, /^cloudapi-reference listening on http:\/\/127\.0\.0\.1:[0-9]+\n$/);
  const url = line.trim().split(' ').pop() as string;
  t.equal((await fetch(`${url}/conformance/v0/capabilities`)).status, 401);
  const code = await new Promise<number | null>((resolve) => {
    child.once('exit', (c) => resolve(c));
    child.kill('SIGTERM');
  });
  t.equal(code, 0);
});
