// `npm run mutation` flags: --files expands to reference modules, bad input
// is one line and exit 2 before Stryker starts.
import t from 'tap';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { globRegExp, parseMutationArgs, referenceModules, selectModules } from '../../../harness/mutation/args.ts';
import { PROJECT_ROOT } from '../../../harness/target/reference-process.ts';

const MODULES = ['reference/db.ts', 'reference/faults/drop-webhook.ts', 'reference/outbox.ts', 'reference/outbound.ts', 'reference/types.ts'];
const CLI = fileURLToPath(new URL('../../../harness/cli/mutation.ts', import.meta.url));
const cli = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', CLI, ...args], { encoding: 'utf8', timeout: 60_000 });

t.test('globs: * within a segment, ** across, ? one character', async (t) => {
  t.ok(globRegExp('reference/*.ts').test('reference/outbox.ts'));
  t.notOk(globRegExp('reference/*.ts').test('reference/faults/x.ts'));
  t.ok(globRegExp('reference/**/*.ts').test('reference/faults/x.ts'));
  t.ok(globRegExp('reference/**/*.ts').test('reference/outbox.ts'), '**/ may match no folder');
  t.ok(globRegExp('reference/out???.ts').test('reference/outbox.ts'));
  t.notOk(globRegExp('reference/out?.ts').test('reference/outbox.ts'));
  t.notOk(globRegExp('reference/db.ts').test('reference/dbxts'), 'a dot is a dot');
});

t.test('--files selects modules; fault files are never mutated', async (t) => {
  t.same(selectModules(undefined, MODULES), ['reference/db.ts', 'reference/outbox.ts', 'reference/outbound.ts', 'reference/types.ts']);
  t.same(selectModules('reference/outbox.ts', MODULES), ['reference/outbox.ts']);
  t.same(selectModules('./reference/out*.ts', MODULES), ['reference/outbox.ts', 'reference/outbound.ts']);
  t.same(selectModules('reference/**,!reference/types.ts, !reference/db.ts', MODULES), ['reference/outbox.ts', 'reference/outbound.ts']);
});

t.test('bad --files: a message naming the problem', async (t) => {
  t.throws(() => selectModules('reference/nothing-*.ts', MODULES), { code: 'HARNESS_BAD_ARGUMENT', message: /"reference\/nothing-\*\.ts" matches no reference module/ });
  t.throws(() => selectModules('reference/faults/*.ts', MODULES), /fault files are never mutated/);
  t.throws(() => selectModules('harness/**/*.ts', MODULES), /only the reference is mutated; "harness\/\*\*\/\*\.ts" is not under reference\//);
  t.throws(() => selectModules('!reference/db.ts', MODULES), /at least one glob that is not an exclusion/);
  t.throws(() => selectModules('reference/db.ts,!reference/*.ts', MODULES), /leaves no module/);
});

t.test('the other flags', async (t) => {
  t.match(parseMutationArgs([], MODULES), { runs: 3, incremental: false, concurrency: 1, help: false });
  t.match(parseMutationArgs(['--runs=5', '--incremental', '--concurrency', '2'], MODULES), { runs: 5, incremental: true, concurrency: 2 });
  t.throws(() => parseMutationArgs(['--runs=0'], MODULES), /--runs must be a whole number from 1 to 1000/);
  t.throws(() => parseMutationArgs(['--incremental=yes'], MODULES), /--incremental takes no value/);
  t.throws(() => parseMutationArgs(['--mutate=reference/db.ts'], MODULES), /unknown flag --mutate/);
});

t.test('the real reference folder lists its modules', async (t) => {
  const modules = referenceModules(PROJECT_ROOT);
  t.ok(modules.includes('reference/outbox.ts'));
  t.ok(modules.every((m) => m.startsWith('reference/') && m.endsWith('.ts')));
});

t.test('the CLI: bad input is one line and exit 2, before Stryker starts', async (t) => {
  for (const [args, message] of [
    [['--bogus'], /^cloudapi-mutation: unknown flag --bogus \(see --help\)$/],
    [['--files=reference/no-such-module.ts'], /^cloudapi-mutation: --files: "reference\/no-such-module\.ts" matches no reference module$/],
  ] as const) {
    const r = cli(...args);
    t.equal(r.status, 2, args.join(' '));
    t.equal(r.stdout, '');
    t.match(r.stderr.trim(), message);
    t.equal(r.stderr.trim().split('\n').length, 1, 'one line');
  }
  const help = cli('--help');
  t.equal(help.status, 0);
  t.match(help.stdout, /Usage: npm run mutation -- \[--files=GLOBS\]/);
});
