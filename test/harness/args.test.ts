import t from 'tap';
import { parseArgs, usage, FLAGS } from '../../harness/cli/args.ts';
import { HarnessError } from '../../harness/core/errors.ts';

const fails = (argv: string[], pattern: RegExp) => {
  try {
    parseArgs(argv, {});
  } catch (e) {
    t.ok(e instanceof HarnessError && e.code === 'HARNESS_BAD_ARGUMENT', `${argv.join(' ')} is a bad argument`);
    t.match((e as Error).message, pattern);
    return;
  }
  t.fail(`${argv.join(' ')} was accepted`);
};

t.test('defaults', async (t) => {
  const a = parseArgs([], {});
  t.equal(a.target, undefined);
  t.equal(a.runs, 20);
  t.equal(a.listenHost, '127.0.0.1');
  t.equal(a.listenPort, 0);
  t.equal(a.caseTimeoutMs, 120_000);
  t.equal(a.requestTimeoutMs, 10_000);
});

t.test('--request-timeout takes whole seconds', async (t) => {
  t.equal(parseArgs(['--request-timeout=3'], {}).requestTimeoutMs, 3_000);
  fails(['--request-timeout=0'], /--request-timeout/);
  fails(['--request-timeout=soon'], /--request-timeout/);
});

t.test('values with = or as the next word', async (t) => {
  const a = parseArgs(['--target=http://127.0.0.1:8080/', '--control-token', 'secret-token', '--seed=7', '--listen=0.0.0.0:9000', '--list'], {});
  t.equal(a.target, 'http://127.0.0.1:8080');
  t.equal(a.controlToken, 'secret-token');
  t.equal(a.seed, 7);
  t.equal(a.listenHost, '0.0.0.0');
  t.equal(a.listenPort, 9000);
  t.equal(a.list, true);
  t.equal(parseArgs(['--listen=[::1]:0'], {}).listenHost, '::1');
});

t.test('the control token may come from the environment', async (t) => {
  t.equal(parseArgs([], { CLOUDAPI_CONTROL_TOKEN: 'from-env' }).controlToken, 'from-env');
  t.equal(parseArgs(['--control-token=flag'], { CLOUDAPI_CONTROL_TOKEN: 'from-env' }).controlToken, 'flag');
});

t.test('bad input is one clear message naming the problem', async () => {
  fails(['--bogus'], /unknown flag --bogus/);
  fails(['--target'], /--target needs a value/);
  fails(['--target=ftp://x'], /http:\/\/ or https:\/\//);
  fails(['--target=not a url'], /not a URL/);
  fails(['--runs=0'], /--runs must be a whole number/);
  fails(['--seed=-1'], /--seed must be a whole number/);
  fails(['--listen=9000'], /HOST:PORT/);
  fails(['--list=yes'], /takes no value/);
  fails(['positional'], /unexpected argument/);
  fails(['--target=http://x', '--reference-fault=f'], /embedded reference only/);
});

t.test('--level names a conformance level and goes with --list', async (t) => {
  t.equal(parseArgs(['--list', '--level=Messaging'], {}).level, 'Messaging');
  t.equal(parseArgs(['--list'], {}).level, undefined);
  fails(['--list', '--level=Gold'], /--level must be one of Graph API, Mock, Graph, Messaging, Full, got "Gold"/);
  fails(['--list', '--level=graph'], /--level must be one of/);
  fails(['--level=Graph'], /--level goes with --list/);
});

t.test('--help lists every flag', async (t) => {
  const text = usage();
  for (const f of FLAGS) t.match(text, `--${f.name}`);
  t.match(text, /Exit codes: 0/);
});

t.test('a business given by flags for a target without control plane', async (t) => {
  const a = parseArgs(['--target=http://x', '--token=EAAT123456', '--phone-number-id=106540352242922', '--to=+447700900123'], {});
  t.match(a, { token: 'EAAT123456', phoneNumberId: '106540352242922', to: '+447700900123' });
  t.equal(parseArgs(['--phone-number-id=1'], { CLOUDAPI_TOKEN: 'EAATenv123' }).token, 'EAATenv123');
  fails(['--token=EAAT123456'], /--token and --phone-number-id go together/);
  fails(['--token=EAAT123456', '--phone-number-id=abc'], /--phone-number-id must be digits/);
  fails(['--to=447700900123'], /--to needs a business: --token and --phone-number-id, or --business/);
  fails(['--token=EAAT123456', '--phone-number-id=1', '--to=12'], /--to must be a phone number/);
});
