import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ControlPlane, declaredSubset } from './control.ts';
import { openDatabase, type SyncMode } from './db.ts';
import { AtRest } from './at-rest.ts';
import { Sweeper } from './retention.ts';
import { HttpProblem, ReferenceFailure } from './errors.ts';
import { seamsFor } from './faults/index.ts';
import { GraphApi } from './graph.ts';
import { GraphError } from './graph-errors.ts';
import { sendJson } from './http.ts';
import { Inbound } from './inbound.ts';
import { InboundMedia } from './inbound-media.ts';
import { Outbound } from './outbound.ts';
import { Outbox } from './outbox.ts';
import { Runtime } from './runtime.ts';
import { TransportClient } from './transport-client.ts';
import { TransportEndpoint } from './transport-endpoint.ts';
import type { Seams } from './seams.ts';
import { Billing } from './billing.ts';
import { Integrity } from './integrity.ts';
import { SinkClient } from './sink-client.ts';
import { Telemetry } from './telemetry.ts';
import { KeyMaintenance } from './key-maintenance.ts';
import { Simulation } from './simulation.ts';

export interface ReferenceOptions {
  port: number;
  host?: string;
  controlToken: string;
  /** Omitted: a fresh temporary directory, removed on close. */
  dataDir?: string;
  /** A fault name from reference/faults/; omitted or '' runs clean. */
  fault?: string;
  /** How commits reach the disk (db.ts); default full. */
  sync?: SyncMode;
  /** Declare only these capabilities (control.ts declaredSubset); omitted: all the reference implements. */
  capabilities?: readonly string[];
}

export interface RunningReference {
  url: string;
  dataDir: string;
  close(): Promise<void>;
}

/** Maps a failure that escaped a control or transport handler to its HTTP answer. */
function problemFor(e: unknown): HttpProblem {
  if (e instanceof HttpProblem) return e;
  if (e instanceof ReferenceFailure) {
    if (e.code === 'REF_NOT_RESET') return new HttpProblem(409, 'not_reset', e.message);
    if (e.code === 'REF_TRANSPORT') return new HttpProblem(502, 'transport_error', e.message);
    if (e.code === 'REF_STALE_WORK') return new HttpProblem(409, 'reset_during_request', e.message);
  }
  return new HttpProblem(500, 'internal', (e as Error).message);
}

/** One life of the target on its data directory: what a crash throws away is everything here but the file. */
interface App {
  route(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Finishes work accepted before this life began. */
  resume(): void;
  shutdown(): Promise<void>;
}

function buildApp(dataDir: string, options: ReferenceOptions, seams: Seams, restart: () => Promise<void>): App {
  const db = openDatabase(dataDir, options.sync);
  const rt = new Runtime(db, seams, new AtRest(dataDir));
  const transport = new TransportClient(rt);
  const outbox = new Outbox(rt);
  const sinks = new SinkClient(rt);
  const telemetry = new Telemetry(rt, sinks);
  const integrity = new Integrity(rt, transport, sinks);
  const outbound = new Outbound(rt, outbox, transport, integrity, telemetry);
  const inboundMedia = new InboundMedia(rt, transport);
  const inbound = new Inbound(rt, outbox, telemetry, inboundMedia);
  const graph = new GraphApi(rt, outbound, transport, inboundMedia);
  const busy = () => rt.sessions.size > 0 || rt.deferring || !outbox.idle() || sinks.busy() || integrity.busy();
  const sweeper = new Sweeper(rt, outbox);
  // Key maintenance runs on the Signal queues, so `busy` already counts it.
  const keys = new KeyMaintenance(rt, transport);
  const declared = options.capabilities === undefined ? undefined : declaredSubset(options.capabilities);
  const control = new ControlPlane(rt, options.controlToken, outbox, transport, busy, restart, () => telemetry.tick(), () => {
    // The clock moves on only after every write of the turn before it is in.
    rt.commitDeferred();
    sweeper.sweep();
    outbound.retransmit();
    keys.tick();
  }, declared, new Simulation(rt, inbound));
  const transportEndpoint = new TransportEndpoint(rt, inbound, { integrity, billing: new Billing(rt, outbox, telemetry) });

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let path: string;
    try {
      path = new URL(req.url ?? '/', 'http://reference.invalid').pathname;
    } catch {
      path = '/';
    }
    try {
      if (path.startsWith('/conformance/')) return await control.handle(req, res, path);
      if (path.startsWith('/transport/')) return await transportEndpoint.handle(req, res, path);
    } catch (e) {
      const p = problemFor(e);
      if (!res.headersSent) sendJson(res, p.status, p.body());
      return;
    }
    // Everything else is the Graph API, which answers even unknown paths with Graph errors.
    return graph.handle(req, res, path);
  }

  return {
    route,
    resume() {
      // Work accepted before a restart is finished now: nothing acknowledged is lost.
      keys.resume();
      outbox.recover();
      outbound.resume();
      inbound.resume();
      outbox.kick();
    },
    async shutdown() {
      rt.generation++; // in-flight work stops writing
      // Let stale work notice before the database goes away (bounded: a hung webhook must not hold us).
      const deadline = Date.now() + 1_000;
      while ((rt.sessions.size > 0 || outbox.running()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      db.close();
    },
  };
}

export async function startReference(options: ReferenceOptions): Promise<RunningReference> {
  const seams = seamsFor(options.fault);
  if (options.capabilities !== undefined) declaredSubset(options.capabilities);
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'cloudapi-reference-'));
  // control.restart: drop this life's memory, keep the file, start over on it.
  const restart = async (): Promise<void> => {
    const old = app;
    app = buildApp(dataDir, options, seams, restart);
    await old.shutdown();
    app.resume();
  };
  let app = buildApp(dataDir, options, seams, restart);
  const route = (req: IncomingMessage, res: ServerResponse): Promise<void> => app.route(req, res);

  const server = createServer((req, res) => {
    route(req, res).catch((e: unknown) => {
      // Last line of defence: never crash on a request.
      if (!res.headersSent) sendJson(res, 500, new GraphError(131000, (e as Error).message).body());
      else res.destroy();
    });
  });
  // Longer than a client's idle pause between bursts: a keep-alive socket the
  // server closes just as the client reuses it is a reset request.
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  // A wildcard bind is still reached on loopback; say so rather than print 0.0.0.0.
  const host = address === '0.0.0.0' || address === '::' ? '127.0.0.1' : address.includes(':') ? `[${address}]` : address;

  app.resume();

  let closed: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    dataDir,
    close: () =>
      (closed ??= (async () => {
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
        await app.shutdown();
        if (ownDir) rmSync(dataDir, { recursive: true, force: true });
      })()),
  };
}
