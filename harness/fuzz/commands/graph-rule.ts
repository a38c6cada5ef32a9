import { expectGraphError } from '../../verify/graph-error.ts';
import { asJson, type CommandData, type DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';

export interface BrokenRule {
  rule: string;
  body: unknown;
  path?: { version?: string; phoneNumberId?: string };
  statuses: readonly number[];
  /** Undefined: any Graph error code. */
  codes?: readonly number[];
}

/** A send that breaks exactly one documented rule: the Graph error with the right status and code (GRAPH-error-envelope mid-run). */
export class GraphRuleCommand implements DataCommand {
  static readonly command = 'brokenRule';
  constructor(
    readonly business: number,
    readonly request: BrokenRule,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const b = r.businesses[this.business]!;
    // The path as drawn (a version or phone-number id broken on purpose), URI-encoded.
    const res = await r.world.graph.sendMessage(b, this.request.body, { at: this.request.path ?? {} });
    expectGraphError(res, { statuses: this.request.statuses, codes: this.request.codes, because: `a send with ${this.request.rule}` });
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    const q = this.request;
    return { command: 'brokenRule', args: { business: this.business, rule: q.rule, body: asJson(q.body), path: asJson(q.path ?? null), statuses: [...q.statuses], codes: q.codes ? [...q.codes] : null } };
  }
  toString(): string {
    return `brokenRule(b${this.business}, ${this.request.rule})`;
  }
}
