// The fuzzer's command alphabet: one arbitrary per command over the whole
// surface the target declares. New areas add their commands here, and what
// each needs declared in requires.ts.

import fc from 'fast-check';
import { textBody } from '../../../generators/text-body.ts';
import { BUSINESSES, CONSUMERS } from '../model.ts';
import type { DataCommand } from '../command-data.ts';
import { SendTextCommand } from './send-text.ts';
import { ConsumerSendTextCommand } from './consumer-send-text.ts';
import { ReceiptCommand } from './receipt.ts';
import { ClockJumpCommand } from './clock-jump.ts';
import { BurstCommand } from './burst.ts';
import { SendAnyTypeCommand } from './send-any-type.ts';
import { MalformedRequestCommand, NOBODY } from './malformed-request.ts';
import { WebhookOutageCommand } from './webhook-outage.ts';
import { outboundMessage } from '../../../generators/outbound-message.ts';
import { malformedBody } from '../../../generators/malformed-body.ts';
import { hostileRequest } from '../../../generators/hostile-request.ts';
import { invalidMessage } from '../../../generators/invalid-message.ts';
import { invalidRegion } from '../../../generators/register-request.ts';
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
import { canaryMessage } from '../../../generators/canary-message.ts';
import { WEBHOOK_CERTIFICATES, WebhookBehindCertificateCommand } from './webhook-behind-certificate.ts';
import { PlainWebhookCommand } from './plain-webhook.ts';
import type { OutboundType } from '../../../generators/outbound-message.ts';
import { commandApplies, declaresAll, RESTART_IN_OUTAGE_REQUIRES, SETTINGS_VIA_REQUIRES, STEP_REQUIRES } from './requires.ts';
import { DAY_MS as DAY, REGIONS, SECOND_MS as SECOND } from '../../core/durations.ts';

/**
 * Index i drawn with weight n - i (b0 two thirds of the time; c0 a half, c1
 * a third). Many faults need two steps on one business–consumer pair (a
 * consumer writes, then a burst in the window it opened): skewed draws pair
 * up more often than uniform ones, and every index stays reachable.
 */
function skewedIndex(n: number): fc.Arbitrary<number> {
  return fc.constantFrom(...Array.from({ length: n }, (_, i) => Array<number>(n - i).fill(i)).flat());
}

const business = skewedIndex(BUSINESSES);
const consumer = skewedIndex(CONSUMERS);
const body = textBody({ maxLength: 300 });

const hostileText = fc
  .tuple(fc.string({ unit: 'grapheme-ascii', maxLength: 12 }), fc.constantFrom('\u0000', 'a\u0000b', '\u0007\u001b[2J', '\ud800', '\udfff x', '\u202e\u200f'))
  .map(([s, h]) => ({ type: 'text', payload: { body: `${s}${h}${s}` } }));

/** One command's arbitrary, with the name its steps are recorded under (harness/fuzz/commands/weights.ts draws by it). */
export interface Entry {
  command: string;
  arbitrary: fc.Arbitrary<DataCommand>;
}

const entry = (cls: { readonly command: string }, arbitrary: fc.Arbitrary<DataCommand>): Entry => ({ command: cls.command, arbitrary });

export function commandArbitraries(declared: ReadonlySet<string>): Entry[] {
  // Every command, in a fixed order (a seed and path replay by position); the
  // target's declaration keeps those whose needs it covers (requires.ts).
  const valid = { messaging_product: 'whatsapp', recipient_type: 'individual', to: NOBODY, type: 'text', text: { body: 'x' } };
  const via = fc.constantFrom(...REGION_VIAS).map((v) => (declaresAll(declared, SETTINGS_VIA_REQUIRES) ? v : 'register'));
  const all: Entry[] = [
    entry(SendTextCommand, fc.tuple(business, consumer, body, fc.boolean()).map(([b, c, t, plus]) => new SendTextCommand(b, c, t, plus))),
    entry(BurstCommand, fc.tuple(business, consumer, fc.array(textBody({ maxLength: 60 }), { minLength: 2, maxLength: 8 })).map(([b, c, ts]) => new BurstCommand(b, c, ts))),
    // Any type a target may send; a valid body to mangle for the malformed ones (its `to` is nobody's).
    entry(SendAnyTypeCommand, fc.tuple(business, consumer, outboundMessage()).map(([b, c, msg]) => new SendAnyTypeCommand(b, c, msg))),
    entry(MalformedRequestCommand, fc.tuple(business, fc.oneof(malformedBody({ valid, maxBytes: 1_200_000 }), hostileRequest({ valid }).map((h) => ({ what: h.what, body: Buffer.from(h.json), contentType: 'application/json' }))))
      .map(([b, req]) => new MalformedRequestCommand(b, req))),
    // Fast failures only (500, reset): a hanging endpoint costs seconds per attempt; HOOK-retry-* cover it.
    entry(WebhookOutageCommand, fc.tuple(business, fc.constantFrom<'ok' | 'error-500' | 'reset'>('ok', 'error-500', 'reset')).map(([b, mode]) => new WebhookOutageCommand(b, mode))),
    entry(ConsumerSendTextCommand, fc.tuple(consumer, business, body).map(([c, b, t]) => new ConsumerSendTextCommand(c, b, t))),
    entry(ReceiptCommand, fc.tuple(consumer, business, fc.constantFrom<'delivered' | 'read'>('delivered', 'read')).map(([c, b, k]) => new ReceiptCommand(c, b, k))),
    // One broken rule per send, a missing or wrong token, another tenant's number.
    // A request a documented default makes valid (acceptedTo) is left to GRAPH-error-envelope: the model would not expect the send.
    entry(GraphRuleCommand, fc.tuple(business, invalidMessage({ to: NOBODY })).filter(([, q]) => q.acceptedTo === undefined).map(([b, q]) => new GraphRuleCommand(b, { rule: q.rule, body: q.body, path: q.path, statuses: q.statuses, codes: q.codes }))),
    entry(BadAuthCommand, fc.tuple(business, fc.constantFrom(...BAD_AUTH)).map(([b, a]) => new BadAuthCommand(b, a))),
    entry(TenantMisuseCommand, fc.tuple(business, business, consumer).filter(([a, b]) => a !== b).map(([a, b, c]) => new TenantMisuseCommand(a, b, c))),
    entry(SendTemplateCommand, fc.tuple(business, consumer, fc.option(fc.string({ minLength: 1, maxLength: 40 }), { nil: undefined })).map(([b, c, o]) => new SendTemplateCommand(b, c, o))),
    entry(SendToNobodyCommand, fc.tuple(business, fc.stringMatching(/^[1-9][0-9]{10,13}$/), fc.boolean()).map(([b, n, plus]) => new SendToNobodyCommand(b, n, plus))),
    entry(MarkReadCommand, fc.tuple(business, fc.constantFrom<'inbound' | 'outbound'>('inbound', 'outbound'), fc.nat({ max: 20 })).map(([b, d, p]) => new MarkReadCommand(b, d, p))),
    entry(InboundEnvelopesCommand, fc.tuple(consumer, business, fc.constantFrom(...ENVELOPE_MODES), fc.array(textBody({ maxLength: 60 }), { minLength: 1, maxLength: 3 }), fc.nat({ max: 4096 }))
      .map(([c, b, mode, ts, at]) => new InboundEnvelopesCommand(c, b, mode, mode === 'reorder' && ts.length < 2 ? [...ts, 'and then'] : ts, at))),
    // Hostile characters (NUL, control, lone surrogates) in an answer the window allows.
    entry(ConversationCommand, fc.tuple(consumer, business, fc.oneof(outboundMessage(), hostileText)).map(([c, b, msg]) => new ConversationCommand(c, b, msg))),
    entry(ReinstallCommand, fc.tuple(consumer, textBody({ maxLength: 60 })).map(([c, t]) => new ReinstallCommand(c, t))),
    // The run's canary in every free-text field (captions, filenames, names…), a text's ends padded (text half the time).
    entry(CanaryConversationCommand, fc.tuple(consumer, business, fc.oneof(canaryMessage({ direction: 'outbound', types: ['text'] }), canaryMessage({ direction: 'outbound' }))).map(([c, b, msg]) => new CanaryConversationCommand(c, b, msg.type as OutboundType, msg.payload, msg.canary))),
    entry(PinnedSendCommand, fc.tuple(business, consumer, fc.boolean(), textBody({ maxLength: 60 })).map(([b, c, stale, t]) => new PinnedSendCommand(b, c, stale, t))),
    entry(IntegrityEpisodeCommand, fc.tuple(business, consumer, fc.integer({ min: 1, max: 3 })).map(([b, c, n]) => new IntegrityEpisodeCommand(b, c, n))),
    // Lower-case: a report id must never contain (or shrink into) the run's content canary.
    entry(SpamReportCommand, fc.tuple(consumer, business, fc.stringMatching(/^[a-z0-9]{12}$/)).map(([c, b, id]) => new SpamReportCommand(c, b, `spam-report-${id}`))),
    entry(BlockCommand, fc.tuple(business, consumer, fc.boolean()).map(([b, c, on]) => new BlockCommand(b, c, on))),
    entry(RegisterRegionCommand, fc.tuple(business, invalidRegion()).map(([b, region]) => new RegisterRegionCommand(b, region))),
    entry(RegionEpisodeCommand, fc.constantFrom(...REGIONS).map((region) => new RegionEpisodeCommand(region))),
    entry(RegionMoveCommand, fc.tuple(fc.constantFrom(...REGIONS), fc.constantFrom(...REGIONS), via, via)
      .filter(([a, z]) => a !== z)
      .map(([a, z, choose, move]) => new RegionMoveCommand(a, z, choose, move))),
    entry(OfflineEpisodeCommand, fc.tuple(business, consumer, fc.constantFrom(...COMEBACKS)).map(([b, c, when]) => new OfflineEpisodeCommand(b, c, when))),
    entry(StaleSessionCommand, fc.tuple(business, consumer, fc.integer({ min: 31, max: 40 })).map(([b, c, d]) => new StaleSessionCommand(b, c, d))),
    entry(MediaUploadCommand, fc.tuple(business, textBody({ maxLength: 60 })).map(([b, t]) => new MediaUploadCommand(b, t))),
    entry(MediaGetCommand, fc.tuple(fc.nat({ max: 20 }), fc.constantFrom(0, 60_000, 4 * 60_000, 6 * 60_000, 3_600_000)).map(([p, w]) => new MediaGetCommand(p, w))),
    entry(MediaDeleteCommand, fc.nat({ max: 20 }).map((p) => new MediaDeleteCommand(p))),
    entry(WriteToUnverifiedCommand, fc.tuple(consumer, textBody({ maxLength: 60 })).map(([c, t]) => new WriteToUnverifiedCommand(c, t))),
    entry(PrekeyTwinCommand, fc.tuple(business, textBody({ maxLength: 60 })).map(([b, t]) => new PrekeyTwinCommand(b, t))),
    entry(KeyRotationCommand, fc.tuple(fc.integer({ min: 0, max: 6 * 24 }), fc.integer({ min: 0, max: 29 * 24 })).map(([past, wait]) => new KeyRotationCommand(past, wait))),
    entry(PrekeyDrainCommand, fc.integer({ min: 0, max: 12 }).map((more) => new PrekeyDrainCommand(more))),
    entry(InboundMediaCommand, fc.tuple(fc.constantFrom<'before' | 'after'>('before', 'after'), fc.constantFrom(60_000, 3_600_000, 23 * 3_600_000), textBody({ maxLength: 40 })).map(([side, ms, t]) => new InboundMediaCommand(side, ms, t))),
    entry(RestartSessionCommand, textBody({ maxLength: 40 }).map((t) => new RestartSessionCommand(t))),
    entry(OutageAuditCommand, fc.tuple(business, consumer, fc.constantFrom<'error-500' | 'reset'>('error-500', 'reset'), textBody({ maxLength: 40 })).map(([b, c, mode, t]) => new OutageAuditCommand(b, c, mode, t))),
    entry(WebhookBehindCertificateCommand, fc.tuple(fc.constantFrom(...WEBHOOK_CERTIFICATES), textBody({ maxLength: 40 })).map(([cert, t]) => new WebhookBehindCertificateCommand(cert, t))),
    entry(PlainWebhookCommand, fc.constant(null).map(() => new PlainWebhookCommand())),
    entry(RestartCommand, fc.constant(null).map(() => new RestartCommand())),
    entry(StorageAuditCommand, fc.constant(null).map(() => new StorageAuditCommand())),
    entry(RetentionCheckCommand, fc.oneof(fc.constant(1_000), fc.integer({ min: 1_000, max: 23 * 3_600_000 })).map((ms) => new RetentionCheckCommand(ms))),
    entry(BilledSendCommand, fc.tuple(business, consumer, fc.boolean(), fc.constantFrom<'CBP' | 'PMP'>('CBP', 'PMP'), fc.constantFrom(...CATEGORIES)).map(([b, c, bill, pm, cat]) => new BilledSendCommand(b, c, bill, pm, cat))),
    entry(OutageEpisodeCommand, fc.tuple(business, consumer, fc.constantFrom<'error-500' | 'reset'>('error-500', 'reset'), fc.array(textBody({ maxLength: 60 }), { minLength: 1, maxLength: 3 }), fc.boolean(), fc.boolean(), fc.constantFrom(0, 1, 3, 9))
      .map(([b, c, mode, ts, fine, restart, days]) => new OutageEpisodeCommand(b, c, mode, ts, fine, restart && declaresAll(declared, RESTART_IN_OUTAGE_REQUIRES), days))),
    entry(ClockJumpCommand, fc.constantFrom(SECOND, 60 * SECOND, 3600 * SECOND, 23 * 3600 * SECOND, 25 * 3600 * SECOND, 8 * DAY, 31 * DAY, 40 * DAY).map((ms) => new ClockJumpCommand(ms))),
  ];
  return all.filter((e) => commandApplies(e.command, declared));
}

/** The capabilities a fuzz run needs at the least: what every step needs (requires.ts). */
export const FUZZ_REQUIRES = STEP_REQUIRES;

/**
 * What every sequence ends with, when the target can be audited: 30 days
 * after the last activity nothing of any message may be left. Retention
 * holds for whatever a sequence did, so checking it once at the end finds a
 * kept upload or opaque datum without waiting for a draw to pair them. It is
 * recorded as a step like any other, so a replay needs what that step needs.
 */
export function closingCommand(declared: ReadonlySet<string>): DataCommand | undefined {
  return commandApplies(RetentionCheckCommand.command, declared) ? new RetentionCheckCommand(1_000) : undefined;
}
