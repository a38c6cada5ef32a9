// Every fuzz command by name, built back from its data (harness/fuzz/command-data.ts).
// The corpus replays recorded steps through this table, not through the
// arbitraries: a new command or a reshaped arbitrary leaves old entries alone.
// A command that changes what its arguments mean takes a new name instead.

import { HarnessError } from '../../core/errors.ts';
import { ArgReader, type CommandData, type DataCommand } from '../command-data.ts';
import { BUSINESSES, CONSUMERS } from '../model.ts';
import { OUTBOUND_TYPES, type OutboundMessage } from '../../../generators/outbound-message.ts';
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

type Build = (a: ArgReader) => DataCommand;

const b = (a: ArgReader) => a.int('business', 0, BUSINESSES - 1);
const c = (a: ArgReader) => a.int('consumer', 0, CONSUMERS - 1);

function outboundMessage(a: ArgReader): OutboundMessage {
  const m = new ArgReader('sendAnyType message', a.object('message'));
  const msg: OutboundMessage = { type: m.oneOf('type', OUTBOUND_TYPES), payload: m.json('payload') };
  const context = a.object('message').context;
  if (context !== undefined && context !== null) msg.context = { message_id: new ArgReader('sendAnyType message.context', m.object('context')).str('message_id') };
  return msg;
}

export const COMMANDS: Record<string, Build> = {
  [SendTextCommand.command]: (a) => new SendTextCommand(b(a), c(a), a.str('body'), a.bool('plus')),
  [BurstCommand.command]: (a) => new BurstCommand(b(a), c(a), a.strings('bodies')),
  [SendAnyTypeCommand.command]: (a) => new SendAnyTypeCommand(b(a), c(a), outboundMessage(a)),
  [MalformedRequestCommand.command]: (a) => new MalformedRequestCommand(b(a), { what: a.str('what'), body: a.bytes('body'), contentType: a.optStr('contentType') }),
  [WebhookOutageCommand.command]: (a) => new WebhookOutageCommand(b(a), a.oneOf('mode', ['ok', 'error-500', 'reset', 'timeout', 'slow'] as const)),
  [ConsumerSendTextCommand.command]: (a) => new ConsumerSendTextCommand(c(a), b(a), a.str('body')),
  [ReceiptCommand.command]: (a) => new ReceiptCommand(c(a), b(a), a.oneOf('kind', ['delivered', 'read'] as const)),
  [ClockJumpCommand.command]: (a) => new ClockJumpCommand(a.int('ms', 1, 400 * DAY)),
  [GraphRuleCommand.command]: (a) => {
    const path = a.json('path');
    return new GraphRuleCommand(b(a), {
      rule: a.str('rule'),
      body: a.json('body'),
      path: path === null ? undefined : (new ArgReader('brokenRule path', { path }).object('path') as { version?: string; phoneNumberId?: string }),
      statuses: a.ints('statuses'),
      codes: a.json('codes') === null ? undefined : a.ints('codes'),
    });
  },
  [BadAuthCommand.command]: (a) => new BadAuthCommand(b(a), a.oneOf('auth', BAD_AUTH)),
  [TenantMisuseCommand.command]: (a) => new TenantMisuseCommand(a.int('caller', 0, BUSINESSES - 1), a.int('owner', 0, BUSINESSES - 1), c(a)),
  [MarkReadCommand.command]: (a) => new MarkReadCommand(b(a), a.oneOf('direction', ['inbound', 'outbound'] as const), a.int('pick', 0, 1_000_000)),
  [BlockCommand.command]: (a) => new BlockCommand(b(a), c(a), a.bool('on')),
  [RestartCommand.command]: () => new RestartCommand(),
  [OutageEpisodeCommand.command]: (a) =>
    new OutageEpisodeCommand(b(a), c(a), a.oneOf('mode', ['error-500', 'reset'] as const), a.strings('bodies'), a.bool('fine'), a.bool('restart'), a.int('days', 0, 30)),
  [InboundEnvelopesCommand.command]: (a) => new InboundEnvelopesCommand(c(a), b(a), a.oneOf('mode', ENVELOPE_MODES), a.strings('bodies'), a.int('at', 0, 1_000_000)),
  [SendTemplateCommand.command]: (a) => new SendTemplateCommand(b(a), c(a), a.optStr('opaque')),
  [SendToNobodyCommand.command]: (a) => new SendToNobodyCommand(b(a), a.str('number'), a.bool('plus')),
  [BilledSendCommand.command]: (a) => new BilledSendCommand(b(a), c(a), a.bool('billable'), a.oneOf('pricingModel', ['CBP', 'PMP'] as const), a.oneOf('category', CATEGORIES)),
  [StorageAuditCommand.command]: () => new StorageAuditCommand(),
  [RegionEpisodeCommand.command]: (a) => new RegionEpisodeCommand(a.oneOf('region', REGIONS)),
  [PrekeyTwinCommand.command]: (a) => new PrekeyTwinCommand(b(a), a.str('body')),
  [WriteToUnverifiedCommand.command]: (a) => new WriteToUnverifiedCommand(c(a), a.str('body')),
  [MediaUploadCommand.command]: (a) => new MediaUploadCommand(b(a), a.str('text')),
  [MediaGetCommand.command]: (a) => new MediaGetCommand(a.int('pick', 0, 1_000_000), a.int('waitMs', 0, 86_400_000)),
  [MediaDeleteCommand.command]: (a) => new MediaDeleteCommand(a.int('pick', 0, 1_000_000)),
  [OfflineEpisodeCommand.command]: (a) => new OfflineEpisodeCommand(b(a), c(a), a.oneOf('comeback', COMEBACKS)),
  [StaleSessionCommand.command]: (a) => new StaleSessionCommand(b(a), c(a), a.int('days', 30, 400)),
  [IntegrityEpisodeCommand.command]: (a) => new IntegrityEpisodeCommand(b(a), c(a), a.int('more', 0, 10)),
  [SpamReportCommand.command]: (a) => new SpamReportCommand(c(a), b(a), a.str('reportId')),
  [RetentionCheckCommand.command]: (a) => new RetentionCheckCommand(a.int('afterMs', 0, 400 * DAY)),
  [ConversationCommand.command]: (a) => new ConversationCommand(c(a), b(a), outboundMessage(a)),
  [ReinstallCommand.command]: (a) => new ReinstallCommand(c(a), a.str('body')),
  [PinnedSendCommand.command]: (a) => new PinnedSendCommand(b(a), c(a), a.bool('stale'), a.str('body')),
  [RegisterRegionCommand.command]: (a) => new RegisterRegionCommand(b(a), a.str('region')),
  [RegionMoveCommand.command]: (a) => new RegionMoveCommand(a.oneOf('from', REGIONS), a.oneOf('to', REGIONS), a.oneOf('choose', REGION_VIAS), a.oneOf('move', REGION_VIAS)),
  [KeyRotationCommand.command]: (a) => new KeyRotationCommand(a.int('pastHours', 0, 6 * 24), a.int('waitHours', 0, 29 * 24)),
  [PrekeyDrainCommand.command]: (a) => new PrekeyDrainCommand(a.int('more', 0, 20)),
  [InboundMediaCommand.command]: (a) => new InboundMediaCommand(a.oneOf('side', ['before', 'after'] as const), a.int('ms', 0, 86_400_000), a.str('text')),
  [RestartSessionCommand.command]: (a) => new RestartSessionCommand(a.str('body')),
  [CanaryConversationCommand.command]: (a) => new CanaryConversationCommand(c(a), b(a), a.oneOf('type', OUTBOUND_TYPES), a.json('payload'), a.str('planted')),
  [OutageAuditCommand.command]: (a) => new OutageAuditCommand(b(a), c(a), a.oneOf('mode', ['error-500', 'reset'] as const), a.str('body')),
  [WebhookBehindCertificateCommand.command]: (a) => new WebhookBehindCertificateCommand(a.oneOf('certificate', WEBHOOK_CERTIFICATES), a.str('body')),
  [PlainWebhookCommand.command]: () => new PlainWebhookCommand(),
};

/** The command a step names, with its arguments checked; `where` says which step of which file. */
export function commandFromData(step: CommandData, where: string): DataCommand {
  const build = Object.hasOwn(COMMANDS, step.command) ? COMMANDS[step.command] : undefined;
  if (!build) throw new HarnessError('HARNESS_BAD_ARGUMENT', `${where}: unknown command "${step.command}" (known: ${Object.keys(COMMANDS).join(', ')})`);
  return build(new ArgReader(`${where} (${step.command})`, step.args));
}

/**
 * What a step needs the target to declare (requires.ts, the table the fuzzer
 * draws commands by): every step's own needs, its command's, and those of
 * its arguments. `where` names the step for an unknown command.
 */
export function stepRequires(step: CommandData, where: string): readonly Capability[] {
  const needs = Object.hasOwn(COMMANDS, step.command) ? requiresOf(step) : undefined;
  if (!needs) throw new HarnessError('HARNESS_BAD_ARGUMENT', `${where}: unknown command "${step.command}" (known: ${Object.keys(COMMANDS).join(', ')})`);
  return needs;
}
