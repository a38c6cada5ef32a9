// What each fuzz command needs the target to declare: the one home of those
// needs. The fuzzer draws a command only for a target that declares all of
// them (commands/index.ts), and a recorded step replays only on such a target
// (registry.ts `stepRequires`, the corpus replay), so a step is never run
// where its command would never have been drawn.

import { missingCapabilities, type Capability } from '../../core/capabilities.ts';
import type { CommandData } from '../command-data.ts';

/**
 * What every step needs, whatever its command: businesses provisioned on a
 * fresh world, and the invariants checked after each step (messages sent
 * over the Graph API, delivered over the transport, judged once the target
 * says it is idle). A fuzz run and a corpus replay both need this much.
 */
export const STEP_REQUIRES = ['graph.messages', 'transport.signal', 'control.provision', 'control.idle'] as const satisfies readonly Capability[];

/** A region chosen or moved through POST /settings (storage_configuration) rather than register. */
export const SETTINGS_VIA_REQUIRES: readonly Capability[] = ['graph.settings'];
/** An outage episode during which the target restarts. */
export const RESTART_IN_OUTAGE_REQUIRES: readonly Capability[] = ['control.restart'];

interface CommandRequires {
  /** Needed by every step of this command, on top of STEP_REQUIRES. */
  readonly always: readonly Capability[];
  /** Needed on top for some arguments only (the arbitrary draws those only when declared). */
  readonly forArgs?: (args: CommandData['args']) => readonly Capability[];
}

const signalAndHooks: readonly Capability[] = ['transport.signal', 'webhooks'];
const regions: readonly Capability[] = ['graph.registration', 'local-storage', 'control.storage', 'graph.media'];
const media: readonly Capability[] = ['graph.media', 'control.clock'];

/** By registry name (registry.ts COMMANDS), like weights.ts. */
export const COMMAND_REQUIRES: Readonly<Record<string, CommandRequires>> = {
  sendText: { always: [] },
  burst: { always: [] },
  sendAnyType: { always: [] },
  malformed: { always: [] },
  webhookOutage: { always: ['webhooks', 'control.clock'] },
  consumerSendText: { always: signalAndHooks },
  receipt: { always: signalAndHooks },
  brokenRule: { always: [] },
  badAuth: { always: [] },
  tenantMisuse: { always: [] },
  sendTemplate: { always: [] },
  sendToNobody: { always: ['webhooks'] },
  markRead: { always: ['transport.signal'] },
  inboundEnvelopes: { always: ['transport.signal'] },
  conversation: { always: signalAndHooks },
  reinstall: { always: signalAndHooks },
  canaryConversation: { always: signalAndHooks },
  pinnedSend: { always: signalAndHooks },
  integrityEpisode: { always: ['transport.integrity', 'webhooks', 'control.clock'] },
  spamReport: { always: ['transport.integrity', 'webhooks', 'control.clock'] },
  block: { always: ['graph.block-users'] },
  registerInvalidRegion: { always: ['graph.registration', 'local-storage'] },
  regionEpisode: { always: regions },
  regionMove: { always: regions, forArgs: (a) => (a.choose === 'settings' || a.move === 'settings' ? SETTINGS_VIA_REQUIRES : []) },
  offlineEpisode: { always: ['retention', 'control.clock', 'webhooks', 'transport.signal'] },
  staleSession: { always: ['retention', 'control.clock', 'webhooks', 'transport.signal'] },
  mediaUpload: { always: media },
  mediaGet: { always: media },
  mediaDelete: { always: media },
  writeToUnverified: { always: ['webhooks.verification', 'transport.signal'] },
  prekeyTwin: { always: signalAndHooks },
  keyRotation: { always: ['signal.rotation', 'webhooks', 'control.clock'] },
  prekeyDrain: { always: ['signal.rotation', 'webhooks'] },
  inboundMedia: { always: ['graph.media.inbound', 'webhooks', 'control.clock'] },
  restartSession: { always: ['control.restart', 'webhooks'] },
  outageAudit: { always: ['control.storage', 'webhooks', 'control.clock'] },
  webhookBehindCertificate: { always: ['tls', 'control.provision', 'webhooks', 'transport.signal'] },
  plainWebhookInProduction: { always: ['tls', 'control.provision', 'webhooks', 'transport.signal'] },
  restart: { always: ['control.restart'] },
  storageAudit: { always: ['control.storage'] },
  retentionCheck: { always: ['control.storage', 'control.clock', 'retention'] },
  billedSend: { always: ['transport.billing', 'webhooks'] },
  outageEpisode: { always: ['webhooks', 'control.clock', 'transport.signal'], forArgs: (a) => (a.restart === true ? RESTART_IN_OUTAGE_REQUIRES : []) },
  clockJump: { always: ['control.clock'] },
};

/** Whether the fuzzer may draw this command for a target declaring `declared` (STEP_REQUIRES aside). */
export function commandApplies(command: string, declared: ReadonlySet<string>): boolean {
  const r = Object.hasOwn(COMMAND_REQUIRES, command) ? COMMAND_REQUIRES[command] : undefined;
  return r !== undefined && missingCapabilities(r.always, declared).length === 0;
}

/** Whether a target declares every capability in `needs`. */
export function declaresAll(declared: ReadonlySet<string>, needs: readonly Capability[]): boolean {
  return missingCapabilities(needs, declared).length === 0;
}

/** What one step needs, STEP_REQUIRES included, without duplicates; undefined for an unknown command. */
export function requiresOf(step: CommandData): readonly Capability[] | undefined {
  const r = Object.hasOwn(COMMAND_REQUIRES, step.command) ? COMMAND_REQUIRES[step.command] : undefined;
  if (!r) return undefined;
  return [...new Set<Capability>([...STEP_REQUIRES, ...r.always, ...(r.forArgs?.(step.args) ?? [])])];
}
