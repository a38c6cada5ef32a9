// Everything a run against one target needs, opened in one place: the
// embedded reference (when no --target), the harness's own servers and the
// parties behind them, the target's client and its declared capabilities.

import type { GivenBusiness, RunEnvironment } from './environment.ts';
import { GRAPH_SURFACE } from '../core/capabilities.ts';
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
  const close = async () => {
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
    if (o.graphOnly) {
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
    const declared = new Set<string>(identity?.capabilities ?? (given ? GRAPH_SURFACE : []));
    if ([...declared].some((c) => c.startsWith('control.'))) declared.add('control.provision');
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
      control,
      identity,
      declared,
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

/** The one line a run without a control plane says under its header. */
function noControlPlane(seen: string, withBusiness: boolean): string {
  const status = /^HTTP (\d+)/.exec(seen)?.[1];
  const hint = status === '401' || status === '403' ? '; if it has one, give --control-token' : '';
  return `no control plane: GET /conformance/v0/capabilities answered ${seen}, so only the Graph API is judged${withBusiness ? '' : ', and only with --token and --phone-number-id of a business it knows'}${hint}`;
}
