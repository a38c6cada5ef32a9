// Tokens come from a file, a flag or the environment; a file keeps them out
// of npm's banner and debug log. A bad file is one clear error.
import t from 'tap';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from '../../harness/cli/args.ts';

t.test('token files: content with one trailing newline dropped; flag and file exclude each other', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'cc-tokens-'));
  await writeFile(join(dir, 'ctl'), 'ctl-from-file\r\n');
  await writeFile(join(dir, 'tok'), 'EAAT-from-file\n');
  await writeFile(join(dir, 'two-lines'), 'a\nb\n');
  await writeFile(join(dir, 'empty'), '\n');
  const a = parseArgs([`--control-token-file=${join(dir, 'ctl')}`, `--token-file=${join(dir, 'tok')}`, '--phone-number-id=123'], { CLOUDAPI_CONTROL_TOKEN: 'from-env' });
  t.equal(a.controlToken, 'ctl-from-file', 'the file wins over the environment');
  t.equal(a.token, 'EAAT-from-file');
  t.equal(parseArgs([], { CLOUDAPI_CONTROL_TOKEN: 'from-env' }).controlToken, 'from-env');
  t.throws(() => parseArgs([`--control-token-file=${join(dir, 'two-lines')}`], {}), /must hold the control-token on one line/);
  t.throws(() => parseArgs([`--control-token-file=${join(dir, 'empty')}`], {}), /must hold the control-token on one line/);
  t.throws(() => parseArgs([`--control-token-file=${dir}`], {}), /cannot read --control-token-file=.*: EISDIR/);
  t.throws(() => parseArgs(['--control-token=x', `--control-token-file=${join(dir, 'ctl')}`], {}), /give --control-token or --control-token-file, not both/);
});

t.test('--path is a fast-check path', async (t) => {
  t.equal(parseArgs(['--path=3:0:12'], {}).path, '3:0:12');
  t.equal(parseArgs(['--path=7'], {}).path, '7');
  for (const bad of ['x', '1:', ':1', '1::2', '1;2']) t.throws(() => parseArgs([`--path=${bad}`], {}), /--path must be a fast-check path/);
});
