// What a fuzz command's file declares about it besides how it runs: its
// name, what it needs the target to declare, how its arguments are drawn and
// read back from a corpus step, and how often it is drawn. Each file under
// harness/fuzz/commands/ exports one `declaration`, and the registry finds
// them by listing the folder (harness/fuzz/commands/registry.ts), so adding a
// command is adding one file.

import type fc from 'fast-check';
import { missingCapabilities, type Capability } from '../core/capabilities.ts';
import type { ArgReader, CommandData, DataCommand } from './command-data.ts';

export interface CommandDeclaration {
  /** The name its steps are recorded under (corpus files): a command that changes what its arguments mean takes a new name. */
  readonly name: string;
  /**
   * Its place in the fuzzer's alphabet, from 0. fast-check draws a command by
   * its index among the weighted arbitraries, so the order is declared, not
   * taken from file names: renaming a file leaves a seed's draws alone, and a
   * new command takes the next free position. (A new command changes what a
   * seed draws anyway; a corpus entry replays its steps as data, unchanged.)
   */
  readonly position: number;
  /** Needed by every step of it, on top of what every step needs (STEP_REQUIRES, requires.ts). */
  readonly requires: readonly Capability[];
  /** Needed on top for some arguments only: the arbitrary draws those only for a target declaring them. */
  readonly requiresForArgs?: (args: CommandData['args']) => readonly Capability[];
  /** How often it is drawn relative to the others (weights.ts says how weights follow the cost of a step). */
  readonly weight: number;
  /** Its arguments as drawn for a target declaring `declared` (which covers `requires`). */
  readonly arbitrary: (declared: ReadonlySet<string>) => fc.Arbitrary<DataCommand>;
  /** The command built back from a step's arguments: their names, and the ranges a corpus step may hold. */
  readonly fromData: (args: ArgReader) => DataCommand;
}

/** Whether a target declares every capability in `needs`. */
export function declaresAll(declared: ReadonlySet<string>, needs: readonly Capability[]): boolean {
  return missingCapabilities(needs, declared).length === 0;
}
