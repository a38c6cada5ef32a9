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

type Build = (a: ArgReader) => DataCommand;

const b = (a: ArgReader) => a.int('business', 0, BUSINESSES - 1);
const c = (a: ArgReader) => a.int('consumer', 0, CONSUMERS - 1);
const DAY = 86_400_000;

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
};

/** The command a step names, with its arguments checked; `where` says which step of which file. */
export function commandFromData(step: CommandData, where: string): DataCommand {
  const build = Object.hasOwn(COMMANDS, step.command) ? COMMANDS[step.command] : undefined;
  if (!build) throw new HarnessError('HARNESS_BAD_ARGUMENT', `${where}: unknown command "${step.command}" (known: ${Object.keys(COMMANDS).join(', ')})`);
  return build(new ArgReader(`${where} (${step.command})`, step.args));
}
