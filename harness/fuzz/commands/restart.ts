import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';

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
