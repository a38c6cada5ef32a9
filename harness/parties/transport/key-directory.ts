// The key directory (PROTOCOL.md §4): the bundles the target and the
// consumers publish, each one-time prekey handed out once. Publishing makes
// an address reachable, so the directory opens its inbox on the relay.

import { pushBounded } from '../../core/bounded.ts';
import { publishedBundleProblem, type FetchedBundle, type PublishedBundle, type WirePreKey } from '../../signal/bundle.ts';
import { accepted, badRequest, type JsonAnswer } from './answer.ts';
import { PerWorld } from './per-world.ts';
import type { ProtocolProblems } from './problems.ts';
import type { Relay } from './relay.ts';

interface DirectoryEntry {
  bundle: PublishedBundle;
  unused: WirePreKey[];
  /** Every one-time prekey uploaded, by id: a later PUT (a top-up, a rotation) adds to it. */
  uploaded: Map<number, WirePreKey>;
}

const byId = (prekeys: WirePreKey[], into = new Map<number, WirePreKey>()): Map<number, WirePreKey> => {
  for (const p of prekeys) into.set(p.id, p);
  return into;
};

export class KeyDirectory extends PerWorld<{ entries: Map<string, DirectoryEntry>; uploads: Map<string, PublishedBundle[]> }> {
  constructor(
    private readonly relay: Relay,
    private readonly problems: ProtocolProblems,
  ) {
    super(() => ({ entries: new Map(), uploads: new Map() }));
  }

  /** Every bundle the target published, per address, in order. */
  get uploads(): Map<string, PublishedBundle[]> {
    return this.state.uploads;
  }

  /** A consumer publishes its keys and becomes reachable. */
  register(address: string, bundle: PublishedBundle): void {
    this.state.entries.set(address, { bundle, unused: [...bundle.prekeys], uploaded: byId(bundle.prekeys) });
    this.relay.open(address);
  }

  /** PUT /transport/v0/keys/{address}: the target publishes (or tops up) its bundle. */
  publish(address: string, body: unknown): JsonAnswer {
    const problem = publishedBundleProblem(body);
    if (problem) {
      this.problems.note(`published bundle for ${address}: ${problem}`);
      return badRequest(problem);
    }
    const bundle = body as PublishedBundle;
    const { entries, uploads } = this.state;
    const existing = entries.get(address);
    if (!uploads.has(address)) uploads.set(address, []);
    pushBounded(uploads.get(address)!, bundle);
    // A later PUT replaces signed and Kyber prekeys and adds one-time prekeys.
    entries.set(address, { bundle, unused: [...(existing?.unused ?? []), ...bundle.prekeys], uploaded: byId(bundle.prekeys, existing?.uploaded) });
    this.relay.ensure(address);
    return accepted();
  }

  /** Hands out a bundle with a one-time prekey that is never handed out again. */
  fetchBundle(address: string): FetchedBundle | undefined {
    const entry = this.state.entries.get(address);
    if (!entry) return undefined;
    const { prekeys: _all, ...rest } = entry.bundle;
    const prekey = entry.unused.shift();
    return prekey ? { ...rest, prekey } : rest;
  }

  /**
   * An adversarial directory: the bundle with a one-time prekey of our choice,
   * whether or not it was handed out before.
   */
  bundleWithPreKey(address: string, preKeyId: number): FetchedBundle | undefined {
    const entry = this.state.entries.get(address);
    const prekey = entry?.uploaded.get(preKeyId);
    if (!entry || !prekey) return undefined;
    const { prekeys: _all, ...rest } = entry.bundle;
    return { ...rest, prekey };
  }

  /** Hands out every one-time prekey still unused, as many first contacts would. */
  drainPreKeys(address: string): WirePreKey[] {
    const entry = this.state.entries.get(address);
    if (!entry) return [];
    return entry.unused.splice(0);
  }

  /** One-time prekeys of `address` the directory has not handed out yet. */
  unusedPreKeys(address: string): number {
    return this.state.entries.get(address)?.unused.length ?? 0;
  }
}
