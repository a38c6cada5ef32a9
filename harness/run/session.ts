// Everything a run against one target needs, opened in one place: the
// embedded reference (when no --target), the harness's own servers and the
// parties behind them, the target's client and its declared capabilities.

import type { RunEnvironment } from './environment.ts';
import { LogSwitch } from '../core/wire-log.ts';
import { withoutUserinfo, type SecretRegistry } from '../core/secrets.ts';
import { TargetClient, type GraphAnswer } from '../target/target-client.ts';
import { ControlPlane } from '../target/control-plane.ts';
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
  /** A business the user provisioned themselves, for targets without a control plane (--token, --phone-number-id, --to). */
  token?: string;
  phoneNumberId?: string;
  to?: string;
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
    const identity = await control.discover();
    // Without a control plane the Graph API is all there is, and only with a business the user gave.
    const declared = new Set<string>(identity?.capabilities ?? (o.token ? ['graph.messages'] : []));
    if ([...declared].some((c) => c.startsWith('control.'))) declared.add('control.provision');
    const graphVersion = identity?.graphVersions[0] ?? 'v23.0';
    const given = o.token && o.phoneNumberId ? { accessToken: o.token, phoneNumberId: o.phoneNumberId, to: o.to } : undefined;
    const notes: string[] = [];
    // The given business is used only where the target cannot provision one; there it is checked first.
    if (given && !declared.has('control.provision')) {
      const { note } = await checkCredentials(new GraphApi(client, graphVersion), given);
      if (note) notes.push(note);
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
    };
    return { env, url: withoutUserinfo(url), reference, notes, close };
  } catch (e) {
    await close();
    throw e;
  }
}
