// Everything a run against one target needs, opened in one place: the
// embedded reference (when no --target), the harness's own servers and the
// parties behind them, the target's client and its declared capabilities.

import type { GivenBusiness, RunEnvironment } from './environment.ts';
import { GRAPH_SURFACE, withConsumer } from '../core/capabilities.ts';
import { HarnessError } from '../core/errors.ts';
import { loadAdapter, type LoadedAdapter } from '../target/adapter.ts';
import { ProtocolSimulation, type Simulation } from '../target/simulation.ts';
import type { ConsumerPath } from '../parties/consumer-party.ts';
import { LogSwitch } from '../core/wire-log.ts';
import { withoutUserinfo, type SecretRegistry } from '../core/secrets.ts';
import { TargetClient, type GraphAnswer } from '../target/target-client.ts';
import { ControlPlane, type TargetIdentity } from '../target/control-plane.ts';
import { chooseGraphVersion } from '../target/graph-version.ts';
import { provisionOwnBusinesses } from './own-business.ts';
import { NOBODY } from './world.ts';
import { GraphApi } from '../target/graph-api.ts';
import { checkCredentials } from '../target/credentials.ts';
import { startReference, type ReferenceProcess } from '../target/reference-process.ts';
import { HarnessServer } from '../parties/harness-server.ts';
import { MockTransport } from '../parties/transport.ts';
import { WebhookReceivers } from '../parties/webhook-receiver.ts';
import { Sinks } from '../parties/sinks.ts';

export interface SessionOptions {
  target?: string;
  controlToken?: string;
  referenceFault?: string;
  listenHost: string;
  listenPort: number;
  publicUrl?: string;
  secrets: SecretRegistry;
  /** Businesses the user provisioned themselves, for targets without a control plane (--token with --phone-number-id, --business). */
  businesses?: GivenBusiness[];
  /** Recipients they may message (--to). */
  recipients?: string[];
  /** Judge the Graph API only, never calling the control plane (--graph-only). */
  graphOnly?: boolean;
  /** The Graph API version to call (--graph-version); default: the target's first declared, else the newest known. */
  graphVersion?: string;
  /** How long a Graph API request may go unanswered (--request-timeout); default 10 s. */
  requestTimeoutMs?: number;
  /** The embedded reference's --sync (the bench runs it with `normal`). */
  referenceSync?: 'full' | 'normal';
  /** Sees every Graph answer (--openapi judges them against the user's description). */
  onGraphAnswer?: (answer: GraphAnswer) => void;
  /** A user's adapter module standing in for the control plane and the simulation surface (--adapter). */
  adapter?: string;
  /** The way consumers reach the target (--consumer); default: Signal when the target has a transport, else simulation. */
  consumer?: 'signal' | 'simulation';
}

export interface Session {
  env: RunEnvironment;
  /** The target's base URL (the embedded reference's, when there is no --target), user info filtered. */
  url: string;
  reference?: ReferenceProcess;
  /** Things the run's output says once, under its header (how the credentials were checked). */
  notes: string[];
  close(): Promise<void>;
}

export async function openSession(o: SessionOptions): Promise<Session> {
  let reference: ReferenceProcess | undefined;
  let server: HarnessServer | undefined;
  let client: TargetClient | undefined;
  let adapter: LoadedAdapter | undefined;
  const close = async () => {
    await adapter?.close();
    client?.close();
    await server?.stop();
    await reference?.stop();
  };
  try {
    let url = o.target;
    let controlToken = o.controlToken;
    if (!url) {
      reference = await startReference({ fault: o.referenceFault, sync: o.referenceSync });
      url = reference.url;
      controlToken = reference.controlToken;
      o.secrets.add(controlToken);
    }
    const logs = new LogSwitch();
    server = new HarnessServer(logs, { listenHost: o.listenHost, listenPort: o.listenPort, publicUrl: o.publicUrl });
    const transport = new MockTransport();
    const receivers = new WebhookReceivers();
    server.use(...transport.handlers(), ...receivers.handlers(), ...new Sinks().handlers());
    server.useFast(...transport.fastRoutes(), ...receivers.fastRoutes());
    await server.start();

    client = new TargetClient(url, logs, { graphTimeoutMs: o.requestTimeoutMs, onGraphAnswer: o.onGraphAnswer });
    const control = new ControlPlane(client, controlToken);
    const notes: string[] = [];
    // Against the embedded reference set up for --graph-only, the number no one has unless the user named one.
    const recipients = o.recipients?.length ? o.recipients : o.graphOnly && reference ? [NOBODY] : [];
    const to = recipients[0];
    const givenBusinesses: GivenBusiness[] = (o.businesses ?? []).map((b) => ({ ...b, to }));
    let identity: TargetIdentity | null = null;
    if (o.adapter) {
      const version = chooseGraphVersion(o.graphVersion, undefined);
      adapter = await loadAdapter(o.adapter, { target: withoutUserinfo(url), graphVersion: version }, ({ name, args, result, error }) =>
        logs.current.record({
          channel: 'adapter',
          method: 'CALL',
          url: name,
          requestHeaders: {},
          requestBody: Buffer.from(args === undefined ? '' : JSON.stringify(args)),
          ...(error === undefined ? { status: 200, responseBody: Buffer.from(result === undefined ? '' : JSON.stringify(result)) } : { error }),
        }),
      );
      identity = { protocol: '0', implementation: { name: adapter.name, version: 'via adapter' }, graphVersions: [version], capabilities: adapter.capabilities };
      notes.push(`adapter ${o.adapter}: consumers write and acknowledge through it; it declares ${adapter.capabilities.join(', ')}`);
    } else if (o.graphOnly) {
      // Two, as a user gives two --business flags: the tenant-isolation case needs a second business.
      if (givenBusinesses.length === 0 && reference) givenBusinesses.push(...(await provisionOwnBusinesses(2, control, server.publicUrl, (token) => transport.reset(token), o.secrets)).map((b) => ({ ...b, to })));
      notes.push('Graph-only (--graph-only): the control plane is not called, only the Graph API is judged');
    } else {
      const found = await control.discover();
      identity = found.identity;
      if (!found.identity) notes.push(noControlPlane(found.seen, givenBusinesses.length > 0));
    }
    // Without a control plane the Graph API is all there is (every endpoint of it), and only with a business the user gave.
    const given = givenBusinesses[0];
    const targetDeclared = new Set<string>(identity?.capabilities ?? (given ? GRAPH_SURFACE : []));
    if ([...targetDeclared].some((c) => c.startsWith('control.'))) targetDeclared.add('control.provision');
    const consumerPath = chooseConsumerPath(o, targetDeclared, adapter !== undefined);
    const declared = withConsumer(targetDeclared, consumerPath);
    const simulation: Simulation | undefined = adapter?.simulation ?? (consumerPath === 'simulation' ? new ProtocolSimulation(client, controlToken) : undefined);
    if (consumerPath === 'simulation') notes.push('consumers write through the simulation surface (PROTOCOL.md §14): cases that need Signal or the transport are n/a');
    const graphVersion = chooseGraphVersion(o.graphVersion, identity?.graphVersions);
    // Given businesses are used only where the target cannot provision one; there each is checked first.
    if (!declared.has('control.provision')) {
      for (const b of givenBusinesses) {
        const { note } = await checkCredentials(new GraphApi(client, graphVersion), b);
        if (note) notes.push(note);
      }
    }
    const env: RunEnvironment = {
      client,
      control: adapter?.control ?? control,
      identity,
      declared,
      consumerPath,
      simulation,
      graphVersion,
      server,
      transport,
      receivers,
      logs,
      secrets: o.secrets,
      given,
      givenBusinesses,
      recipients,
    };
    return { env, url: withoutUserinfo(url), reference, notes, close };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Signal where the target has a transport, else the simulation surface or the adapter; --consumer forces one. */
function chooseConsumerPath(o: SessionOptions, declared: ReadonlySet<string>, viaAdapter: boolean): ConsumerPath | 'none' {
  if (viaAdapter) {
    if (o.consumer === 'signal') throw new HarnessError('HARNESS_BAD_ARGUMENT', '--consumer=signal: with --adapter consumers write through the adapter');
    return 'adapter';
  }
  if (o.consumer === 'simulation') {
    if (!declared.has('simulate')) throw new HarnessError('HARNESS_BAD_ARGUMENT', '--consumer=simulation: the target does not declare simulate (PROTOCOL.md §14); give --adapter for a server with its own simulation API');
    return 'simulation';
  }
  if (o.consumer === 'signal' && !declared.has('transport.signal')) throw new HarnessError('HARNESS_BAD_ARGUMENT', '--consumer=signal: the target does not declare transport.signal');
  if (declared.has('transport.signal')) return 'signal';
  return declared.has('simulate') ? 'simulation' : 'none';
}

/** The one line a run without a control plane says under its header. */
function noControlPlane(seen: string, withBusiness: boolean): string {
  const status = /^HTTP (\d+)/.exec(seen)?.[1];
  const hint = status === '401' || status === '403' ? '; if it has one, give --control-token' : '';
  return `no control plane: GET /conformance/v0/capabilities answered ${seen}, so only the Graph API is judged${withBusiness ? '' : ', and only with --token and --phone-number-id of a business it knows'}${hint}`;
}
