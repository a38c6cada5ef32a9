// Businesses and recipients by flag: --business is repeatable (its token also
// from an environment variable, never printed), every business given is
// checked before the run, and --to is repeatable.
import t from 'tap';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runConformance, type Output } from '../../harness/cli/conformance.ts';
import { parseArgs } from '../../harness/cli/args.ts';
import { HarnessError } from '../../harness/core/errors.ts';
import { startGraphOnlyTarget } from './graph-only-target.ts';

function capture(): Output & { text: () => string; errors: () => string } {
  let out = '';
  let err = '';
  return { out: (s) => void (out += s), err: (s) => void (err += s), text: () => out, errors: () => err };
}

const report = async () => `--report=${await mkdtemp(join(tmpdir(), 'cc-biz-'))}`;

t.test('--business and --to parse in order, a token from the environment', async (t) => {
  const args = parseArgs(['--token=EAAfirst0123456789', '--phone-number-id=111', '--business=env:CC_SECOND_TOKEN,222,333', '--business=EAAthird0123456789,444', '--to=+447700900123', '--to=15550001111'], { CC_SECOND_TOKEN: 'EAAsecond0123456789' });
  t.same(args.businesses, [
    { accessToken: 'EAAfirst0123456789', phoneNumberId: '111' },
    { accessToken: 'EAAsecond0123456789', phoneNumberId: '222', wabaId: '333' },
    { accessToken: 'EAAthird0123456789', phoneNumberId: '444' },
  ]);
  t.same(args.recipients, ['+447700900123', '15550001111']);
  t.equal(args.to, '+447700900123');
});

t.test('bad --business and --to: one line each, the token never in it', async (t) => {
  const bad = (argv: string[], env: NodeJS.ProcessEnv = {}) => {
    try {
      parseArgs(argv, env);
    } catch (e) {
      t.ok(e instanceof HarnessError && e.code === 'HARNESS_BAD_ARGUMENT', argv.join(' '));
      return (e as Error).message;
    }
    t.fail(`accepted: ${argv.join(' ')}`);
    return '';
  };
  t.equal(bad(['--business=EAAsecret0123456789']), '--business must be TOKEN,PHONE_NUMBER_ID or TOKEN,PHONE_NUMBER_ID,WABA_ID');
  t.equal(bad(['--business=EAAsecret0123456789,12a']), '--business: the phone-number id must be digits, got "12a"');
  t.equal(bad(['--business=EAAsecret0123456789,12,x']), '--business: the WABA id must be digits, got "x"');
  t.equal(bad(['--business=env:CC_NOPE,12']), '--business for phone number 12: the environment variable CC_NOPE is not set');
  t.equal(bad(['--token=EAAsecret0123456789', '--phone-number-id=12', '--business=EAAother0123456789,12']), 'phone number 12 is given twice (--phone-number-id, --business)');
  t.equal(bad(['--to=+447700900123']), '--to needs a business: --token and --phone-number-id, or --business');
  t.equal(bad(['--business=EAAsecret0123456789,12', '--to=12']), '--to must be a phone number (7 to 15 digits, optional +), got "12"');
});

t.test('two businesses: each is checked, a refused second one stops the run naming its number', async (t) => {
  const target = await startGraphOnlyTarget({ twoBusinesses: true });
  t.teardown(() => target.close());
  const second = target.second!;
  const base = [`--target=${target.url}`, `--token=${target.token}`, `--phone-number-id=${target.phoneNumberId}`, '--case=GRAPH-auth-rejected', '--runs=2'];
  const o = capture();
  const ok = await runConformance([...base, '--business=env:CC_TEST_SECOND,' + second.phoneNumberId, await report()], o);
  t.equal(ok.exitCode, 2, 'the environment variable is read from the process environment only when set');
  process.env.CC_TEST_SECOND = second.token;
  t.teardown(() => void delete process.env.CC_TEST_SECOND);
  const o2 = capture();
  const both = await runConformance([...base, `--business=env:CC_TEST_SECOND,${second.phoneNumberId}`, await report()], o2);
  t.equal(both.exitCode, 0, o2.errors());
  t.equal(both.results[0]?.verdict, 'pass');
  t.notMatch(o2.text() + o2.errors(), second.token, 'the second token nowhere');
  const o3 = capture();
  const wrong = await runConformance([...base, `--business=EAAGnotthesecondtoken0123,${second.phoneNumberId}`, await report()], o3);
  t.equal(wrong.exitCode, 2);
  t.match(o3.errors(), `the target refuses the access token given for phone number ${second.phoneNumberId}`);
  t.notMatch(o3.errors(), 'EAAGnotthesecondtoken0123');
});

t.test('--to with --graph-only against the embedded reference, which sets up its own business', async (t) => {
  t.same(parseArgs(['--graph-only', '--to=+447700900123'], {}).recipients, ['+447700900123']);
});
