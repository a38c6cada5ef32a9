// `npm run soak` as a user meets it: --help, and one clear line with exit 2 on bad flags.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const SOAK = fileURLToPath(new URL('../../../harness/cli/soak.ts', import.meta.url));
const soak = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', SOAK, ...args], { encoding: 'utf8', timeout: 60_000 });

t.test('--help lists the flags and exits 0', async (t) => {
  const r = soak('--help');
  t.equal(r.status, 0);
  for (const flag of ['--messages', '--kills', '--seed', '--sync']) t.match(r.stdout, flag);
});

t.test('bad flags: exit 2, one line, no stack trace', async (t) => {
  for (const args of [['--messages=ten'], ['--kills=-1'], ['--sync=sometimes'], ['--nope'], ['--reference-fault=no-such-fault']]) {
    const r = soak(...args);
    t.equal(r.status, 2, args.join(' '));
    t.equal(r.stderr.trim().split('\n').length, 1, `${args.join(' ')}: one line`);
    t.notMatch(r.stderr, /\n\s+at /, 'no stack trace');
  }
});
