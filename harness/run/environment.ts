// What lives for a whole run: the target's client and identity, the harness's
// servers and the parties behind them. Cases get a fresh World on top of it.

import type { TargetClient } from '../target/target-client.ts';
import type { TargetControl, TargetIdentity } from '../target/control-plane.ts';
import type { Simulation } from '../target/simulation.ts';
import type { ConsumerPath } from '../parties/consumer-party.ts';
import type { HarnessServer } from '../parties/harness-server.ts';
import type { MockTransport } from '../parties/transport.ts';
import type { WebhookReceivers } from '../parties/webhook-receiver.ts';
import type { LogSwitch } from '../core/wire-log.ts';
import type { SecretRegistry } from '../core/secrets.ts';

export interface RunEnvironment {
  client: TargetClient;
  /** The protocol's control plane, or the user's adapter standing in for it (--adapter). */
  control: TargetControl;
  /** null when the target has no control plane. */
  identity: TargetIdentity | null;
  declared: ReadonlySet<string>;
  /** How the run's consumers reach the target; `none` when they cannot (a Graph-only run). */
  consumerPath: ConsumerPath | 'none';
  /** The simulation surface or the adapter, when consumers write through one. */
  simulation?: Simulation;
  graphVersion: string;
  server: HarnessServer;
  transport: MockTransport;
  receivers: WebhookReceivers;
  logs: LogSwitch;
  secrets: SecretRegistry;
  /** A business the user provisioned themselves (--token, --phone-number-id, --to), for targets without a control plane: the first of `givenBusinesses`. */
  given?: GivenBusiness;
  /** Every business the user provisioned (--token and each --business), each with the first --to. */
  givenBusinesses: GivenBusiness[];
  /** Every recipient the user named (--to), in order. */
  recipients: string[];
}

export interface GivenBusiness {
  accessToken: string;
  phoneNumberId: string;
  wabaId?: string;
  /** A recipient the business may message, when the user named one. */
  to?: string;
}
