import { expect } from '../../core/expect.ts';
import { HarnessError } from '../../core/errors.ts';
import { settleForwarded, timesForwarded } from '../../verify/inbound-forwarded.ts';
import { expectPublishedBundlesVerify, uploadsOf } from '../../verify/published-bundles.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { checkInvariants } from '../invariants.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';

/** PROTOCOL.md §13: fewer unused one-time prekeys than this and the target uploads more. */
const LOW_WATER = 10;
/** More than this published at once and the command would be slow: it drains a part only. */
const MAX_DRAIN = 300;
const IN_FLIGHT = 8;

/**
 * Newcomers use up a new number's one-time prekeys below the low-water mark
 * (plus `more` after the top-up): each first contact forwarded once, and every
 * upload verifies with no one-time prekey id ever published twice.
 */
export class PrekeyDrainCommand implements DataCommand {
  static readonly command = 'prekeyDrain';
  constructor(readonly more: number) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const world = r.world;
    const transport = world.env.transport;
    const business = await world.business();
    const identity = expectPublishedBundlesVerify(uploadsOf(transport, business.waId));
    const n = Math.min(MAX_DRAIN, Math.max(0, transport.unusedPreKeys(business.waId) - (LOW_WATER - 1))) + this.more;
    // Several newcomers at a time, so the target decrypts while the harness makes the next
    // keys; the top-up is settled before the `more` that must use the new batch.
    const newcomer = async (i: number): Promise<string> => {
      const consumer = await world.signalConsumer();
      const bundle = transport.fetchBundle(business.waId);
      if (!bundle) throw new HarnessError('HARNESS_INTERNAL', `no bundle for business ${business.waId} in the key directory`);
      return (await consumer.post(await consumer.encrypt(business.waId, { v: 0, type: 'text', text: { body: `newcomer ${i}` } }, undefined, bundle))).id;
    };
    const ids: string[] = [];
    const inBatches = async (from: number, to: number): Promise<void> => {
      for (let i = from; i < to; i += IN_FLIGHT) ids.push(...(await Promise.all(Array.from({ length: Math.min(IN_FLIGHT, to - i) }, (_, k) => newcomer(i + k)))));
    };
    await inBatches(0, n - this.more);
    if (this.more > 0) await world.settle();
    await inBatches(n - this.more, n);
    const events = await settleForwarded(world, business, ids);
    const lost = ids.filter((id) => timesForwarded(events, id) !== 1);
    expect(lost.length === 0, 'first contacts on distinct one-time prekeys were not each forwarded once', `${ids.length} messages forwarded once`, `${lost.length} not: ${lost.slice(0, 5).join(', ')}`);
    expectPublishedBundlesVerify(uploadsOf(transport, business.waId), identity);
    await checkInvariants(m, r);
  }
  toData(): CommandData {
    return { command: 'prekeyDrain', args: { more: this.more } };
  }
  toString(): string {
    return `prekeyDrain(a new number's one-time prekeys used up by newcomers, ${this.more} more after the top-up)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: PrekeyDrainCommand.command,
  position: 32,
  requires: ['signal.rotation', 'webhooks'],
  // About 0.7 s a step: a hundred newcomers drain a number's one-time prekeys.
  weight: 1,
  arbitrary: () => fc.integer({ min: 0, max: 12 }).map((more) => new PrekeyDrainCommand(more)),
  fromData: (a) => new PrekeyDrainCommand(a.int('more', 0, 20)),
};
