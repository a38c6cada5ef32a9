import { expectGraphError } from '../../verify/graph-error.ts';
import { ArgReader, asJson, type CommandData, type DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import { invalidMessage } from '../../../generators/invalid-message.ts';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, readBusiness } from '../command-args.ts';
import { NOBODY } from './malformed-request.ts';

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

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: GraphRuleCommand.command,
  position: 7,
  requires: [],
  weight: 6,
  // One broken rule per send. A request a documented default makes valid (acceptedTo) is left to
  // GRAPH-error-envelope: the model would not expect the send.
  arbitrary: () =>
    fc.tuple(business, invalidMessage({ to: NOBODY })).filter(([, q]) => q.acceptedTo === undefined).map(([b, q]) => new GraphRuleCommand(b, { rule: q.rule, body: q.body, path: q.path, statuses: q.statuses, codes: q.codes })),
  fromData: (a) => {
    const path = a.json('path');
    return new GraphRuleCommand(readBusiness(a), {
      rule: a.str('rule'),
      body: a.json('body'),
      path: path === null ? undefined : (new ArgReader('brokenRule path', { path }).object('path') as { version?: string; phoneNumberId?: string }),
      statuses: a.ints('statuses'),
      codes: a.json('codes') === null ? undefined : a.ints('codes'),
    });
  },
};
