// The transport token (PROTOCOL.md §2): the target sends it on every call to
// the transport. A new world's reset replaces it; the previous one is kept
// only to tell a leftover of the last world (a request the target had in
// flight when it was reset) from a protocol break.

import type { ProtocolProblems } from './problems.ts';

export class TokenGate {
  token = '';
  #retired = '';

  constructor(private readonly problems: ProtocolProblems) {}

  /** The new world's token; the current one retires. */
  rotate(token: string): void {
    this.#retired = this.token;
    this.token = token;
  }

  allows(header: string | null | undefined, method: string, path: string): boolean {
    const ok = header === `Bearer ${this.token}`;
    // Refused either way; the old token is a leftover of the last world (the target is reset next), not a protocol break.
    if (!ok && !(this.#retired && header === `Bearer ${this.#retired}`)) this.problems.note(`${method} ${path} without the transport token`);
    return ok;
  }
}
