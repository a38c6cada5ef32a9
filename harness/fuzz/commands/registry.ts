// Every fuzz command, found by listing this folder: each module but the
// machinery below exports one `declaration` (harness/fuzz/command-declaration.ts),
// so adding a command is adding one file, as adding a fault is in
// reference/faults/. The corpus replays recorded steps through each
// declaration's `fromData`, not through the arbitraries: a new command or a
// reshaped arbitrary leaves old entries alone. A command that changes what
// its arguments mean takes a new name instead.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HarnessError } from '../../core/errors.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { ArgReader, type CommandData, type DataCommand } from '../command-data.ts';
import { BUSINESSES, CONSUMERS } from '../model.ts';
import { OUTBOUND_TYPES } from '../../../generators/outbound-message.ts';
import { type OutboundMessage } from '../../../generators/outbound-shape.ts';
import { SendTextCommand } from './send-text.ts';
import { ConsumerSendTextCommand } from './consumer-send-text.ts';
import { ReceiptCommand } from './receipt.ts';
import { ClockJumpCommand } from './clock-jump.ts';
import { BurstCommand } from './burst.ts';
import { SendAnyTypeCommand } from './send-any-type.ts';
import { MalformedRequestCommand } from './malformed-request.ts';
import { WebhookOutageCommand } from './webhook-outage.ts';
import { GraphRuleCommand } from './graph-rule.ts';
import { BAD_AUTH, BadAuthCommand } from './bad-auth.ts';
import { TenantMisuseCommand } from './tenant-misuse.ts';
import { MarkReadCommand } from './mark-read.ts';
import { BlockCommand } from './block.ts';
import { RestartCommand } from './restart.ts';
import { OutageEpisodeCommand } from './outage-episode.ts';
import { ENVELOPE_MODES, InboundEnvelopesCommand } from './inbound-envelopes.ts';
import { SendTemplateCommand } from './send-template.ts';
import { SendToNobodyCommand } from './send-to-nobody.ts';
import { BilledSendCommand, CATEGORIES } from './billed-send.ts';
import { StorageAuditCommand } from './storage-audit.ts';
import { RegisterRegionCommand } from './register-region.ts';
import { ReinstallCommand } from './reinstall.ts';
import { PinnedSendCommand } from './pinned-send.ts';
import { ConversationCommand } from './conversation.ts';
import { RetentionCheckCommand } from './retention-check.ts';
import { IntegrityEpisodeCommand } from './integrity-episode.ts';
import { SpamReportCommand } from './spam-report.ts';
import { COMEBACKS, OfflineEpisodeCommand } from './offline-episode.ts';
import { StaleSessionCommand } from './stale-session.ts';
import { MediaUploadCommand } from './media-upload.ts';
import { MediaGetCommand } from './media-get.ts';
import { MediaDeleteCommand } from './media-delete.ts';
import { WriteToUnverifiedCommand } from './write-to-unverified.ts';
import { PrekeyTwinCommand } from './prekey-twin.ts';
import { RegionEpisodeCommand } from './region-episode.ts';
import { REGION_VIAS, RegionMoveCommand } from './region-move.ts';
import { KeyRotationCommand } from './key-rotation.ts';
import { PrekeyDrainCommand } from './prekey-drain.ts';
import { InboundMediaCommand } from './inbound-media.ts';
import { RestartSessionCommand } from './restart-session.ts';
import { OutageAuditCommand } from './outage-audit.ts';
import { CanaryConversationCommand } from './canary-conversation.ts';
import { WEBHOOK_CERTIFICATES, WebhookBehindCertificateCommand } from './webhook-behind-certificate.ts';
import { PlainWebhookCommand } from './plain-webhook.ts';
import { requiresOf } from './requires.ts';
import type { Capability } from '../../core/capabilities.ts';
import { DAY_MS as DAY, REGIONS } from '../../core/durations.ts';

/** The modules of this folder that are not commands. */
export const MACHINERY: ReadonlySet<string> = new Set(['index.ts', 'registry.ts', 'requires.ts', 'weights.ts']);

const DIR = fileURLToPath(new URL('.', import.meta.url));

function invalid(message: string): never {
  throw new HarnessError('HARNESS_INTERNAL', `fuzz commands: ${message}`);
}

/**
 * The declarations of the command modules in `dir`, by position: the order of
 * the fuzzer's alphabet. Refuses a module without a declaration, a name or a
 * position taken twice, a gap in the positions, a weight that is not a
 * positive integer.
 */
export async function loadCommands(dir: string): Promise<CommandDeclaration[]> {
  const files = readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !MACHINERY.has(f))
    .sort();
  const loaded = await Promise.all(
    files.map(async (file) => {
      const mod = (await import(pathToFileURL(join(dir, file)).href)) as { declaration?: CommandDeclaration };
      if (!mod.declaration) invalid(`${file} must export its command's \`declaration\``);
      return { file, declaration: mod.declaration };
    }),
  );
  const byName = new Map<string, string>();
  const byPosition = new Map<number, string>();
  for (const { file, declaration: d } of loaded) {
    const sameName = byName.get(d.name);
    if (sameName) invalid(`${sameName} and ${file} both declare the command "${d.name}"`);
    byName.set(d.name, file);
    const samePlace = byPosition.get(d.position);
    if (samePlace) invalid(`${samePlace} and ${file} both take position ${d.position}`);
    byPosition.set(d.position, file);
    if (!Number.isInteger(d.weight) || d.weight < 1) invalid(`${file}: weight must be a positive integer, got ${d.weight}`);
  }
  for (let p = 0; p < loaded.length; p++) {
    if (!byPosition.has(p)) invalid(`no command takes position ${p}: positions run from 0 to ${loaded.length - 1}, and a new command takes the next free one`);
  }
  return loaded.map((l) => l.declaration).sort((a, b) => a.position - b.position);
}

/** Every command this folder declares, in the order of the fuzzer's alphabet. */
export const FUZZ_COMMANDS: readonly CommandDeclaration[] = await loadCommands(DIR);

const BY_NAME = new Map(FUZZ_COMMANDS.map((d) => [d.name, d]));

/** Every command's name, in alphabet order. */
export const commandNames = (): string[] => FUZZ_COMMANDS.map((d) => d.name);

function declarationOf(step: CommandData, where: string): CommandDeclaration {
  const d = BY_NAME.get(step.command);
  if (!d) throw new HarnessError('HARNESS_BAD_ARGUMENT', `${where}: unknown command "${step.command}" (known: ${commandNames().join(', ')})`);
  return d;
}

/** The command a step names, with its arguments checked; `where` says which step of which file. */
export function commandFromData(step: CommandData, where: string): DataCommand {
  return declarationOf(step, where).fromData(new ArgReader(`${where} (${step.command})`, step.args));
}

/**
 * What a step needs the target to declare (the needs the fuzzer draws
 * commands by): every step's own needs, its command's, and those of its
 * arguments. `where` names the step for an unknown command.
 */
export function stepRequires(step: CommandData, where: string): readonly Capability[] {
  return requiresOf(declarationOf(step, where), step.args);
}
