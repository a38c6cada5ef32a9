// The crash soak: the embedded reference in its own process under traffic in
// both directions (several businesses, several consumers each), killed with
// SIGKILL at seeded random moments while work is in flight, restarted on the
// same data directory (same port, same control token), and at the end every
// accepted message counted (harness/verify/exactly-once.ts). Used by
// `npm run soak` and, bounded, by test/reference/crash.test.ts.

import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SecretRegistry } from '../core/secrets.ts';
import { secretToken } from '../core/random.ts';
import { openSession, type Session } from '../run/session.ts';
import { World } from '../run/world.ts';
import { startReference, type ReferenceProcess } from '../target/reference-process.ts';
import { CrashLoad, type Pair } from './load.ts';
import { exactlyOnceProblems, type ExactlyOnceTally } from '../verify/exactly-once.ts';

export interface SoakOptions {
  messages: number;
  kills: number;
  seed: string;
  businesses: number;
  consumersPerBusiness: number;
  sync: 'full' | 'normal';
  /** A reference fault to run with (the soak then proves it catches it). */
  fault?: string;
  /** One line per notable step (start, each kill, progress, drain). */
  progress?: (line: string) => void;
}

export interface SoakResult {
  tally: ExactlyOnceTally;
  /** Broken promises, one sentence each; empty when the run passed. */
  problems: string[];
  kills: number;
  failedRequests: number;
  seconds: number;
}

/** Deterministic fractions in [0, 1) for a seed: where the kills fall. */
function fractions(seed: string, count: number): number[] {
  return Array.from({ length: count }, (_, i) => createHash('sha256').update(`${seed}\u0000kill\u0000${i}`).digest().readUInt32BE(0) / 2 ** 32);
}

/**
 * The message counts after which the kills come, spread over the middle of
 * the run (10 % to 90 %), and a delay of up to 250 ms after each, so a kill
 * lands inside whatever is in flight then.
 */
export function killPlan(seed: string, kills: number, messages: number): Array<{ at: number; delayMs: number }> {
  const f = fractions(seed, kills * 2);
  return Array.from({ length: kills }, (_, i) => ({ at: Math.max(1, Math.round(messages * (0.1 + 0.8 * f[2 * i]!))), delayMs: Math.floor(250 * f[2 * i + 1]!) })).sort(
    (a, b) => a.at - b.at,
  );
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const say = o.progress ?? (() => {});
  const started = performance.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'cloudapi-soak-'));
  const port = await freePort();
  const controlToken = secretToken('ctl');
  const secrets = new SecretRegistry();
  secrets.add(controlToken);
  const start = () => startReference({ dataDir, port, controlToken, sync: o.sync, fault: o.fault });
  let ref: ReferenceProcess | undefined;
  let session: Session | undefined;
  let load: CrashLoad | undefined;
  try {
    ref = await start();
    session = await openSession({ target: ref.url, controlToken, listenHost: '127.0.0.1', listenPort: 0, secrets });
    const world = await World.open(session.env);
    const pairs: Pair[] = [];
    for (let b = 0; b < o.businesses; b++) {
      const business = await world.business();
      for (let c = 0; c < o.consumersPerBusiness; c++) {
        const consumer = await world.signalConsumer();
        await world.openWindow(business, consumer);
        pairs.push({ business, consumer });
      }
    }
    say(`soak: ${o.businesses} businesses × ${o.consumersPerBusiness} consumers, ${o.messages} messages, ${o.kills} kills (seed ${o.seed}, sync ${o.sync}${o.fault ? `, fault ${o.fault}` : ''})`);
    const plan = killPlan(o.seed, o.kills, o.messages);
    load = new CrashLoad(world, pairs);
    let killing = Promise.resolve();
    // One kill at a time: a kill due while the target is still coming back waits for it.
    const crash = (n: number): Promise<void> =>
      (killing = killing.then(async () => {
        await new Promise((r) => setTimeout(r, plan[n - 1]?.delayMs ?? 0));
        const t0 = performance.now();
        await ref!.kill();
        ref = await start();
        say(`soak: kill ${n}/${o.kills} (SIGKILL), back in ${Math.round(performance.now() - t0)} ms`);
      }));
    let shown = 0;
    await load.run(o.messages, { at: plan.map((p) => p.at), crash }, ({ started: n }) => {
      if (n >= shown + Math.max(100, Math.round(o.messages / 10))) {
        shown = n;
        say(`soak: ${n}/${o.messages} messages started`);
      }
    });
    say('soak: traffic done, draining…');
    await load.drain();
    const tally = load.ledger.tally();
    return { tally, problems: exactlyOnceProblems(tally), kills: o.kills, failedRequests: load.failedRequests, seconds: (performance.now() - started) / 1000 };
  } finally {
    load?.close();
    await session?.close();
    await ref?.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
