// The fuzzer's command alphabet: every command the folder declares (each
// file's `declaration`, found by registry.ts), in its fixed position, kept
// when the target declares what it needs (requires.ts).

import type fc from 'fast-check';
import type { DataCommand } from '../command-data.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { FUZZ_COMMANDS } from './registry.ts';
import { declaration as retentionCheck, RetentionCheckCommand } from './retention-check.ts';
import { commandApplies, STEP_REQUIRES } from './requires.ts';

/** One command's arbitrary, with the name its steps are recorded under and the weight it is drawn by (weights.ts). */
export interface Entry {
  command: string;
  arbitrary: fc.Arbitrary<DataCommand>;
  weight: number;
}

export function commandArbitraries(declared: ReadonlySet<string>, commands: readonly CommandDeclaration[] = FUZZ_COMMANDS): Entry[] {
  // Every command, in a fixed order (a seed and path replay by position); the
  // target's declaration keeps those whose needs it covers (requires.ts).
  return commands.filter((c) => commandApplies(c, declared)).map((c) => ({ command: c.name, arbitrary: c.arbitrary(declared), weight: c.weight }));
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
  return commandApplies(retentionCheck, declared) ? new RetentionCheckCommand(1_000) : undefined;
}
