// `npm run bench` on bad flags: one clear line, exit 2, nothing started.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('../../../harness/cli/bench.ts', import.meta.url));
const bench = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', BENCH, ...args], { encoding: 'utf8', timeout: 60_000 });

for (const args of [['--bogus'], ['--rss-messages=500']]) {
  t.test(args.join(' '), async (t) => {
    const r = bench(...args);
    t.equal(r.status, 2);
    t.match(r.stderr.trim(), /^cloudapi-bench: \S.*$/, 'one line');
    t.notMatch(r.stderr, /\n {4}at /, 'no stack trace');
  });
}

t.test('--help', async (t) => {
  const r = bench('--help');
  t.equal(r.status, 0);
  t.match(r.stdout, /--rss-messages=N/);
});
