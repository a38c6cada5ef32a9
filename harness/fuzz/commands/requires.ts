// What fuzz steps need the target to declare. Each command declares its own
// needs in its file (`declaration.requires`, and `requiresForArgs` for needs
// some arguments add); this module adds what every step needs. The fuzzer
// draws a command only for a target that declares all of them
// (commands/index.ts), and a recorded step replays only on such a target
// (registry.ts `stepRequires`, the corpus replay), so a step is never run
// where its command would never have been drawn.

import type { Capability } from '../../core/capabilities.ts';
import type { CommandData } from '../command-data.ts';
import { declaresAll, type CommandDeclaration } from '../command-declaration.ts';

/**
 * What every step needs, whatever its command: businesses provisioned on a
 * fresh world, and the invariants checked after each step (messages sent
 * over the Graph API, delivered over the transport, judged once the target
 * says it is idle). A fuzz run and a corpus replay both need this much.
 */
export const STEP_REQUIRES = ['graph.messages', 'transport.signal', 'control.provision', 'control.idle'] as const satisfies readonly Capability[];

/** Whether the fuzzer may draw this command for a target declaring `declared` (STEP_REQUIRES aside). */
export function commandApplies(command: CommandDeclaration, declared: ReadonlySet<string>): boolean {
  return declaresAll(declared, command.requires);
}

/** What one step of `command` with these arguments needs, STEP_REQUIRES included, without duplicates. */
export function requiresOf(command: CommandDeclaration, args: CommandData['args']): readonly Capability[] {
  return [...new Set<Capability>([...STEP_REQUIRES, ...command.requires, ...(command.requiresForArgs?.(args) ?? [])])];
}
