import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';

/** The target crashes and restarts: only what it stored survives, and nothing it promised may be lost. */
export class RestartCommand implements DataCommand {
  static readonly command = 'restart';
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    await r.world.restart();
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'restart', args: {} };
  }
  toString(): string {
    return 'restartTarget()';
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: RestartCommand.command,
  position: 38,
  requires: ['control.restart'],
  weight: 6,
  arbitrary: () => fc.constant(null).map(() => new RestartCommand()),
  fromData: () => new RestartCommand(),
};
