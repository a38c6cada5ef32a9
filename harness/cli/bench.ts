// `npm run bench`: how fast the harness can drive and verify a target, with
// the machine's own ceilings measured in the same run (DESIGN §7). Loopback
// only: the reference runs in its own process. Prints one table and writes
// reports/bench.json. Exit 0 when every message verified, 1 when any failed,
// 2 on bad flags or when the run could not start.

import { mkdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SecretRegistry } from '../core/secrets.ts';
import { isHarnessError } from '../core/errors.ts';
import { openSession, type Session } from '../run/session.ts';
import { World } from '../run/world.ts';
import { PROJECT_ROOT } from '../target/reference-process.ts';
import { installShutdown } from './shutdown.ts';
import { Driver, type LoadResult } from '../bench/drive.ts';
import { FailureFile, RingWireLog } from '../bench/evidence.ts';
import { httpCeiling, signalCeiling } from '../bench/ceilings.ts';
import { fuzzRate } from '../bench/fuzz.ts';
import { startCpuMeter } from '../bench/cpu.ts';
import { badArgument, duration, parseFlagWords, usageLines, wholeNumber, type FlagSpec } from './flags.ts';

const PARTS = ['ceilings', 'e2e', 'inbound', 'fuzz', 'memory'] as const;
type Part = (typeof PARTS)[number];

const FLAGS: FlagSpec[] = [
  { name: 'duration', value: 'DURATION', help: 'how long each timed figure runs, e.g. 5s (default 5s)' },
  { name: 'rss-messages', value: 'N', help: 'messages in the long memory run (default 200000; 0 skips it)' },
  { name: 'consumers', value: 'N', help: 'concurrent consumers (default 400)' },
  { name: 'batch', value: 'N', help: 'messages each consumer has in flight, acknowledged by one receipt of each kind (default 8)' },
  { name: 'sync', value: 'full|normal', help: "the embedded reference's SQLite --sync (default normal: crash-safe, not power-cut-safe)" },
  { name: 'out', value: 'FILE', help: 'where to write the figures as JSON (default reports/bench.json)' },
  { name: 'only', value: 'LIST', help: `run only these parts, comma-separated: ${PARTS.join(',')} (default all; for profiling)` },
  { name: 'help', help: 'show this help' },
];

interface BenchArgs {
  durationMs: number;
  rssMessages: number;
  consumers: number;
  batch: number;
  out: string;
  sync: 'full' | 'normal';
  only: Set<Part>;
  help: boolean;
}

function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const raw = parseFlagWords(argv, FLAGS);
  const s = (n: string) => raw.get(n) as string | undefined;
  const rssMessages = s('rss-messages') === undefined ? 200_000 : wholeNumber('rss-messages', s('rss-messages')!, 0, 10_000_000);
  if (rssMessages !== 0 && rssMessages < 20_000) throw badArgument(`--rss-messages must be 0 or at least 20000 (RSS is compared with the figure after 20000), got "${rssMessages}"`);
  const sync = s('sync') ?? 'normal';
  if (sync !== 'full' && sync !== 'normal') throw badArgument(`--sync must be full or normal, got "${sync}"`);
  const only = new Set<Part>();
  for (const w of (s('only') ?? PARTS.join(',')).split(',')) {
    if (!(PARTS as readonly string[]).includes(w)) throw badArgument(`--only takes ${PARTS.join(', ')}, got "${w}"`);
    only.add(w as Part);
  }
  return {
    only,
    sync,
    durationMs: s('duration') === undefined ? 5_000 : duration('duration', s('duration')!),
    rssMessages,
    consumers: s('consumers') === undefined ? 400 : wholeNumber('consumers', s('consumers')!, 1, 2_000),
    batch: s('batch') === undefined ? 8 : wholeNumber('batch', s('batch')!, 1, 100),
    out: s('out') ?? join(PROJECT_ROOT, 'reports', 'bench.json'),
    help: raw.has('help'),
  };
}

const SKIPPED: LoadResult = { verified: 0, failed: 0, seconds: 0, perSecond: NaN };
/** A figure not measured in this run: null in the JSON. */
const num = (n: number, digits = 0) => (Number.isFinite(n) ? Math.round(n * 10 ** digits) / 10 ** digits : null);
const cpuText = (ms: number | undefined) => (ms === undefined || !Number.isFinite(ms) ? '—' : ms.toFixed(2));
const rssMb = () => Math.round((process.memoryUsage().rss / 1024 / 1024) * 10) / 10;
const fmt = (n: number) => (!Number.isFinite(n) ? '—' : n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1));
const pct = (a: number, b: number) => (!Number.isFinite(a / b) ? '—' : `${((a / b) * 100).toFixed(1)} %`);

async function main(argv: readonly string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    process.stderr.write(`cloudapi-bench: ${e.message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(['Usage: npm run bench -- [flags]', ...usageLines(FLAGS)].join('\n') + '\n');
    return 0;
  }
  const err = (t: string) => process.stderr.write(t + '\n');
  const secrets = new SecretRegistry();
  const log = new RingWireLog();
  const failuresPath = join(PROJECT_ROOT, 'reports', 'bench-failures.jsonl');
  const failures = new FailureFile(failuresPath, (t) => secrets.redact(t));
  const fail = (what: string) => failures.write(what, log);

  const on = (p: Part) => args.only.has(p);
  if (on('ceilings')) err('bench: ceilings (libsignal, loopback HTTP)…');
  const signal = on('ceilings') ? await signalCeiling(args.durationMs) : NaN;
  const http = on('ceilings') ? await httpCeiling(args.durationMs) : NaN;

  let session: Session | undefined;
  try {
    session = await openSession({ listenHost: '127.0.0.1', listenPort: 0, secrets, referenceSync: args.sync });
    session.env.logs.current = log;
    const world = await World.open(session.env);
    const business = await world.business();
    err(`bench: ${args.consumers} consumers open their 24-hour windows…`);
    const consumers = [];
    for (let i = 0; i < args.consumers; i++) consumers.push(await world.signalConsumer());
    for (const c of consumers) await c.send(business.waId, { v: 0, type: 'text', text: { body: 'hello' } });
    await world.settle();
    const driver = new Driver(world, business, consumers, fail, args.batch);

    if (on('e2e')) err(`bench: end-to-end for ${args.durationMs / 1000} s…`);
    const pid = session.reference?.pid;
    let meter = startCpuMeter(pid);
    const e2e = on('e2e') ? await driver.run('outbound', { durationMs: args.durationMs }) : SKIPPED;
    const e2eCpu = meter.perUnit(e2e.verified);
    meter = startCpuMeter(pid);
    if (on('inbound')) err(`bench: inbound for ${args.durationMs / 1000} s…`);
    const inbound = on('inbound') ? await driver.run('inbound', { durationMs: args.durationMs }) : SKIPPED;
    const inboundCpu = meter.perUnit(inbound.verified);
    if (on('fuzz')) err(`bench: malformed requests for ${args.durationMs / 1000} s…`);
    const fuzz = on('fuzz') ? await fuzzRate(world, business, args.durationMs, 1, fail) : { cases: 0, failed: 0, perSecond: NaN };

    let rss20k: number | null = null;
    let rssEnd: number | null = null;
    let peak = rssMb();
    let long: LoadResult | undefined;
    if (args.rssMessages > 0 && on('memory')) {
      err(`bench: memory run of ${args.rssMessages} end-to-end messages…`);
      const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 500);
      long = await driver.run('outbound', { messages: args.rssMessages }, (n) => {
        if (n === 20_000) rss20k = rssMb();
        err(`bench:   ${n} verified, RSS ${rssMb()} MB`);
      });
      clearInterval(sampler);
      rssEnd = rssMb();
      rss20k ??= rssEnd;
    }
    driver.close();

    const rows: Array<[string, string, string, string]> = [
      ['end-to-end verified messages/s', fmt(e2e.perSecond), pct(e2e.perSecond, signal), pct(e2e.perSecond, http)],
      ['inbound verified messages/s', fmt(inbound.perSecond), pct(inbound.perSecond, signal), pct(inbound.perSecond, http)],
      ['malformed-request cases/s (FUZZ-GRAPH)', fmt(fuzz.perSecond), '', pct(fuzz.perSecond, http)],
      ['end-to-end CPU ms/message: harness, reference', `${cpuText(e2eCpu.harness)}, ${cpuText(e2eCpu.target)}`, '', ''],
      ['inbound CPU ms/message: harness, reference', `${cpuText(inboundCpu.harness)}, ${cpuText(inboundCpu.target)}`, '', ''],
      ['ceiling: libsignal encrypt+decrypt/s', fmt(signal), '100.0 %', ''],
      ['ceiling: loopback HTTP POST req/s', fmt(http), '', '100.0 %'],
    ];
    if (long) {
      rows.push([`memory run: ${long.verified} messages, msgs/s`, fmt(long.perSecond), pct(long.perSecond, signal), pct(long.perSecond, http)]);
      rows.push(['RSS after 20k / at end / peak (MB)', `${rss20k} / ${rssEnd} / ${peak}`, '', '']);
    }
    const head: [string, string, string, string] = ['figure', 'value', 'of signal', 'of HTTP'];
    const w = [0, 1, 2, 3].map((i) => Math.max(head[i]!.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: string[]) => `${r[0]!.padEnd(w[0]!)}  ${r[1]!.padStart(w[1]!)}  ${r[2]!.padStart(w[2]!)}  ${r[3]!.padStart(w[3]!)}`;
    process.stdout.write([line(head), w.map((n) => '-'.repeat(n)).join('  '), ...rows.map(line)].join('\n') + '\n');

    const failed = e2e.failed + inbound.failed + fuzz.failed + (long?.failed ?? 0);
    const report = {
      e2e_msgs_per_s: num(e2e.perSecond),
      inbound_msgs_per_s: num(inbound.perSecond),
      fuzz_cases_per_s: num(fuzz.perSecond, 1),
      signal_ceiling_per_s: num(signal),
      http_ceiling_per_s: num(http),
      rss_mb_20k: rss20k,
      rss_mb_200k: rssEnd,
      rss_mb_peak: peak,
      e2e_cpu_ms_per_msg: { harness: num(e2eCpu.harness, 3), reference: num(e2eCpu.target ?? NaN, 3) },
      inbound_cpu_ms_per_msg: { harness: num(inboundCpu.harness, 3), reference: num(inboundCpu.target ?? NaN, 3) },
      rss_messages: args.rssMessages,
      long_run_msgs_per_s: long ? Math.round(long.perSecond) : null,
      consumers: args.consumers,
      batch: args.batch,
      reference_sync: args.sync,
      duration_s: args.durationMs / 1000,
      verified: { e2e: e2e.verified, inbound: inbound.verified, fuzz: fuzz.cases - fuzz.failed, long: long?.verified ?? 0 },
      failed,
      node: process.version,
      at: new Date().toISOString(),
    };
    mkdirSync(join(args.out, '..'), { recursive: true });
    writeFileSync(args.out, JSON.stringify(report, null, 2) + '\n');
    process.stdout.write(`figures in ${relative(process.cwd(), args.out) || args.out}\n`);
    if (failed > 0) {
      process.stdout.write(`${failed} message(s) or case(s) failed verification: evidence in ${relative(process.cwd(), failuresPath)}\n`);
      return 1;
    }
    return 0;
  } catch (e) {
    if (!isHarnessError(e)) throw e;
    process.stderr.write(`cloudapi-bench: ${secrets.redact(e.message)}\n`);
    return 2;
  } finally {
    await session?.close();
  }
}

installShutdown();
process.exitCode = await main(process.argv.slice(2));
