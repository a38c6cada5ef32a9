import { expectAuthRefused } from '../../verify/graph-error.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { NOBODY } from './malformed-request.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { business, readBusiness } from '../command-args.ts';

export const BAD_AUTH = ['none', 'empty', 'bearer-only', 'no-bearer', 'unknown', 'changed'] as const;
export type BadAuth = (typeof BAD_AUTH)[number];

/** A send without a valid access token: refused with 401 (harness/verify/graph-error.ts), whatever the state of the run. */
export class BadAuthCommand implements DataCommand {
  static readonly command = 'badAuth';
  constructor(
    readonly business: number,
    readonly auth: BadAuth,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const b = r.businesses[this.business]!;
    const token = b.accessToken;
    const header: Record<BadAuth, string | undefined> = {
      none: undefined,
      empty: '',
      'bearer-only': 'Bearer',
      'no-bearer': token,
      unknown: `Bearer EAATunknown${'0'.repeat(24)}`,
      changed: `Bearer ${token.slice(0, -1)}${token.endsWith('x') ? 'y' : 'x'}`,
    };
    const h = header[this.auth];
    // Malformed on purpose: the Authorization header is missing or broken.
    const res = await r.world.graph.raw('POST', `/${b.phoneNumberId}/messages`, {
      headers: h === undefined ? {} : { authorization: h },
      json: { messaging_product: 'whatsapp', recipient_type: 'individual', to: NOBODY, type: 'text', text: { body: `who am I ${r.canary}` } },
    });
    expectAuthRefused(res, { tokenMissing: this.auth !== 'unknown' && this.auth !== 'changed', because: `a send with the access token ${this.auth}` });
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'badAuth', args: { business: this.business, auth: this.auth } };
  }
  toString(): string {
    return `badAuth(b${this.business}, ${this.auth})`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: BadAuthCommand.command,
  position: 8,
  requires: [],
  weight: 6,
  // A missing or wrong token.
  arbitrary: () => fc.tuple(business, fc.constantFrom(...BAD_AUTH)).map(([b, a]) => new BadAuthCommand(b, a)),
  fromData: (a) => new BadAuthCommand(readBusiness(a), a.oneOf('auth', BAD_AUTH)),
};
