// Flags of the conformance run. One table drives parsing and --help, so the
// two cannot drift apart. Every problem is one line and exit code 2.

import { LEVELS } from '../report/certification.ts';
import { DEFAULT_GRAPH_TIMEOUT_MS } from '../target/target-client.ts';
import type { GivenBusiness } from '../run/environment.ts';
import { GRAPH_VERSION_PATTERN, NEWEST_GRAPH_VERSION } from '../target/graph-version.ts';
import { badArgument as bad, fastCheckPath, httpUrl, listenAddress, parseFlagWords, repeated, secretFlag, shard, usageLines, wholeNumber as integer, type FlagSpec } from './flags.ts';

export const FLAGS: FlagSpec[] = [
  { name: 'target', value: 'URL', help: 'base URL of the implementation under test (default: start the embedded reference)' },
  { name: 'control-token', value: 'TOKEN', help: 'bearer token of the target\'s conformance control plane (better: env CLOUDAPI_CONTROL_TOKEN or --control-token-file; npm echoes flag values)' },
  { name: 'control-token-file', value: 'FILE', help: 'read the control token from FILE (one line)' },
  { name: 'token', value: 'TOKEN', help: 'access token of a business you provisioned, for a target without a control plane (better: env CLOUDAPI_TOKEN or --token-file); checked before the run (README)' },
  { name: 'token-file', value: 'FILE', help: 'read that access token from FILE (one line)' },
  { name: 'phone-number-id', value: 'ID', help: 'that business\'s phone-number id (with --token)' },
  { name: 'business', value: 'TOKEN,PHONE_NUMBER_ID[,WABA_ID]', repeatable: true, help: 'another business you provisioned (repeatable; TOKEN as env:NAME reads it from that environment variable): two businesses enable the isolation cases' },
  { name: 'to', value: 'NUMBER', repeatable: true, help: 'a recipient your businesses may message (repeatable; optional, with --token or --business)' },
  { name: 'graph-only', help: 'judge the Graph API only, never calling the control plane (needs --token and --phone-number-id with --target)' },
  { name: 'adapter', value: 'FILE', help: 'an ES module driving a mock server through its own API (README "Adapters"): consumers write and acknowledge through it, webhook cases apply without Signal (with --target)' },
  { name: 'consumer', value: 'signal|simulation', help: 'how consumers reach the target: signal (its transport) or simulation (PROTOCOL.md §14); default: signal when the target has a transport, else simulation' },
  { name: 'graph-version', value: 'vNN.N', help: `the Graph API version to call (default: the target's first declared, else ${NEWEST_GRAPH_VERSION})` },
  { name: 'case', value: 'GLOBS', help: 'cases to run: comma-separated globs, ! excludes (e.g. E2E-*,!E2E-slow-*)' },
  { name: 'list', help: 'print every case with its clause and exit' },
  { name: 'level', value: 'NAME', help: `with --list: only the cases in a conformance level's scope (${LEVELS.map((l) => l.name).join(', ')})` },
  { name: 'seed', value: 'N', help: 'fast-check seed (default: random, printed)' },
  { name: 'runs', value: 'N', help: 'inputs per property case (default 20)' },
  { name: 'path', value: 'P', help: 'fast-check path to replay, digits separated by \':\' (from a failure\'s replay command)' },
  { name: 'report', value: 'DIR', help: 'where to write report.json, junit.xml and index.html (default reports/<run>/)' },
  { name: 'listen', value: 'HOST:PORT', help: 'where the harness\'s own servers listen (default 127.0.0.1:0)' },
  { name: 'public-url', value: 'URL', help: 'how the target reaches the harness\'s servers, if not the listen address' },
  { name: 'reference-fault', value: 'NAME', help: 'start the embedded reference with this fault switched on (selfcheck, replays)' },
  { name: 'shard', value: 'i/n', help: 'run shard i of n (every n-th case; same --seed on every shard; merge with npm run report:merge)' },
  { name: 'case-timeout', value: 'SECONDS', help: 'give up on a case after this long (default 120)' },
  { name: 'request-timeout', value: 'SECONDS', help: 'a Graph API request unanswered this long is a hang (default 10): a fail where the target must answer' },
  { name: 'openapi', value: 'FILE', help: 'an OpenAPI 3 description (YAML or JSON, e.g. Meta\'s published one): every Graph answer is checked against its declared responses; deviations warn, never fail' },
  { name: 'baseline', value: 'FILE', help: 'known failures, one case id a line: exit on unexpected failures and unexpected passes only' },
  { name: 'help', help: 'show this help' },
];

export interface ConformanceArgs {
  target?: string;
  controlToken?: string;
  token?: string;
  phoneNumberId?: string;
  /** The first --to. */
  to?: string;
  /** Businesses the user provisioned: --token with --phone-number-id first, then each --business. */
  businesses: GivenBusiness[];
  /** Every --to, in order. */
  recipients: string[];
  graphOnly: boolean;
  /** A user's adapter module (--adapter). */
  adapter?: string;
  /** How consumers reach the target (--consumer). */
  consumer?: 'signal' | 'simulation';
  graphVersion?: string;
  case?: string;
  list: boolean;
  /** With --list: a conformance level's name (README "Conformance levels"). */
  level?: string;
  seed?: number;
  runs: number;
  path?: string;
  report?: string;
  listenHost: string;
  listenPort: number;
  publicUrl?: string;
  referenceFault?: string;
  caseTimeoutMs: number;
  /** How long a Graph API request may go unanswered. */
  requestTimeoutMs: number;
  shard?: { index: number; count: number };
  baseline?: string;
  /** An OpenAPI description to judge every Graph answer by (SHOULD only). */
  openapi?: string;
  help: boolean;
}

const DIGITS = /^[0-9]{1,32}$/;

/** `TOKEN,PHONE_NUMBER_ID[,WABA_ID]`, TOKEN possibly `env:NAME`. Never says the token. */
function businessFlag(v: string, env: NodeJS.ProcessEnv): GivenBusiness {
  const parts = v.split(',');
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === '')) throw bad('--business must be TOKEN,PHONE_NUMBER_ID or TOKEN,PHONE_NUMBER_ID,WABA_ID');
  const [token, phoneNumberId, wabaId] = parts as [string, string, string | undefined];
  if (!DIGITS.test(phoneNumberId)) throw bad(`--business: the phone-number id must be digits, got "${phoneNumberId}"`);
  if (wabaId !== undefined && !DIGITS.test(wabaId)) throw bad(`--business: the WABA id must be digits, got "${wabaId}"`);
  let accessToken = token;
  if (token.startsWith('env:')) {
    const name = token.slice(4);
    const value = env[name];
    if (value === undefined || value === '') throw bad(`--business for phone number ${phoneNumberId}: the environment variable ${name} is not set`);
    accessToken = value;
  }
  return { accessToken, phoneNumberId, ...(wabaId !== undefined ? { wabaId } : {}) };
}

export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): ConformanceArgs {
  const raw = parseFlagWords(argv, FLAGS);
  const str = (n: string) => raw.get(n) as string | undefined;

  const listen = str('listen') !== undefined ? listenAddress('listen', str('listen')!) : { host: '127.0.0.1', port: 0 };
  const target = str('target') !== undefined ? httpUrl('target', str('target')!) : undefined;
  if (target !== undefined && str('reference-fault') !== undefined) throw bad('--reference-fault applies to the embedded reference only; drop --target');

  const token = secretFlag(raw, 'token', env.CLOUDAPI_TOKEN);
  const phoneNumberId = str('phone-number-id');
  if ((token === undefined) !== (phoneNumberId === undefined)) throw bad('--token and --phone-number-id go together: give both or neither');
  if (phoneNumberId !== undefined && !DIGITS.test(phoneNumberId)) throw bad(`--phone-number-id must be digits, got "${phoneNumberId}"`);
  const businesses = [...(token !== undefined && phoneNumberId !== undefined ? [{ accessToken: token, phoneNumberId }] : []), ...repeated(raw, 'business').map((v) => businessFlag(v, env))];
  const twice = businesses.find((b, i) => businesses.findIndex((o) => o.phoneNumberId === b.phoneNumberId) !== i);
  if (twice) throw bad(`phone number ${twice.phoneNumberId} is given twice (--phone-number-id, --business)`);
  const level = str('level');
  if (level !== undefined && !LEVELS.some((l) => l.name === level)) throw bad(`--level must be one of ${LEVELS.map((l) => l.name).join(', ')}, got "${level}"`);
  if (level !== undefined && !raw.has('list')) throw bad('--level goes with --list (a certification judges every level at once: npm run certify)');
  const recipients = repeated(raw, 'to');
  if (recipients.length > 0 && businesses.length === 0 && !(raw.has('graph-only') && target === undefined)) throw bad('--to needs a business: --token and --phone-number-id, or --business');
  for (const to of recipients) if (!/^\+?[0-9]{7,15}$/.test(to)) throw bad(`--to must be a phone number (7 to 15 digits, optional +), got "${to}"`);

  const graphOnly = raw.has('graph-only');
  if (graphOnly && target !== undefined && businesses.length === 0) throw bad('--graph-only against --target needs a business the target knows: --token and --phone-number-id, or --business');
  const adapter = str('adapter');
  if (adapter !== undefined && target === undefined) throw bad('--adapter drives a server of your own: give its --target (the embedded reference speaks the simulation surface itself: --consumer=simulation)');
  if (adapter !== undefined && graphOnly) throw bad('--adapter and --graph-only exclude each other: an adapter brings webhook cases in, --graph-only leaves them out');
  const consumer = str('consumer');
  if (consumer !== undefined && consumer !== 'signal' && consumer !== 'simulation') throw bad(`--consumer must be signal or simulation, got "${consumer}"`);
  if (consumer !== undefined && graphOnly) throw bad('--consumer and --graph-only exclude each other: a Graph-only run has no consumer');
  const graphVersion = str('graph-version');
  if (graphVersion !== undefined && !GRAPH_VERSION_PATTERN.test(graphVersion)) throw bad(`--graph-version must look like v23.0, got "${graphVersion}"`);

  return {
    target,
    controlToken: secretFlag(raw, 'control-token', env.CLOUDAPI_CONTROL_TOKEN),
    token,
    phoneNumberId,
    to: recipients[0],
    businesses,
    recipients,
    graphOnly,
    adapter,
    consumer: consumer as 'signal' | 'simulation' | undefined,
    graphVersion,
    case: str('case'),
    list: raw.has('list'),
    level,
    seed: str('seed') !== undefined ? integer('seed', str('seed')!, 0, 2 ** 31 - 1) : undefined,
    runs: str('runs') !== undefined ? integer('runs', str('runs')!, 1, 100_000) : 20,
    path: str('path') !== undefined ? fastCheckPath('path', str('path')!) : undefined,
    report: str('report'),
    listenHost: listen.host,
    listenPort: listen.port,
    publicUrl: str('public-url') !== undefined ? httpUrl('public-url', str('public-url')!) : undefined,
    referenceFault: str('reference-fault'),
    shard: str('shard') !== undefined ? shard('shard', str('shard')!) : undefined,
    caseTimeoutMs: str('case-timeout') !== undefined ? integer('case-timeout', str('case-timeout')!, 1, 86_400) * 1000 : 120_000,
    requestTimeoutMs: str('request-timeout') !== undefined ? integer('request-timeout', str('request-timeout')!, 1, 3_600) * 1000 : DEFAULT_GRAPH_TIMEOUT_MS,
    baseline: str('baseline'),
    openapi: str('openapi'),
    help: raw.has('help'),
  };
}

export function usage(): string {
  const lines = [
    'Usage: npm test -- [--target=URL --control-token-file=FILE] [options]',
    '',
    'Runs the Cloud API conformance cases against a target and prints a TAP stream.',
    'Without --target, runs the project\'s own tests, then every case against the embedded reference.',
    '',
    'Options:',
  ];
  lines.push(...usageLines(FLAGS));
  lines.push('', 'Exit codes: 0 every applicable MUST passed, 1 some failed, 2 the harness could not do its job.');
  lines.push('With --baseline: 0 nothing unexpected, 1 an unexpected failure or an unexpected pass, 2 an unexpected harness error.');
  return lines.join('\n');
}
