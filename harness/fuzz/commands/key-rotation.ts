import { expect } from '../../core/expect.ts';
import { settleForwarded, timesForwarded } from '../../verify/inbound-forwarded.ts';
import { beforeRotation, expectSignedPreKeyRotated } from '../../verify/published-bundles.ts';
import type { CommandData, DataCommand } from '../command-data.ts';
import type { FuzzModel, FuzzReal } from '../model.ts';
import { ClockJumpCommand } from './clock-jump.ts';
import fc from 'fast-check';
import type { CommandDeclaration } from '../command-declaration.ts';
import { HOUR_MS, SIGNED_PREKEY_ROTATION_MS } from '../../core/durations.ts';

/**
 * A new number's bundle is fetched by a newcomer who writes only after the
 * clock passes 7 days (plus `pastHours`) and `waitHours` more (within the
 * 30-day grace): the published signed prekey changed, signed by the same
 * identity, and the PreKey message on the old bundle is forwarded once.
 * A number of its own, so its keys' age is known; the clock moves for all.
 */
export class KeyRotationCommand implements DataCommand {
  static readonly command = 'keyRotation';
  constructor(
    readonly pastHours: number,
    readonly waitHours: number,
  ) {}
  check(): boolean {
    return true;
  }
  async run(m: FuzzModel, r: FuzzReal): Promise<void> {
    const world = r.world;
    const transport = world.env.transport;
    const business = await world.business();
    const early = await world.signalConsumer();
    const before = beforeRotation(transport, business.waId);
    await new ClockJumpCommand(SIGNED_PREKEY_ROTATION_MS + this.pastHours * HOUR_MS).run(m, r);
    await world.settle();
    expectSignedPreKeyRotated(transport, business.waId, before, 7 + this.pastHours / 24);
    if (this.waitHours > 0) await new ClockJumpCommand(this.waitHours * HOUR_MS).run(m, r);
    const sent = await early.post(await early.encrypt(business.waId, { v: 0, type: 'text', text: { body: `on last week's bundle ${r.canary}` } }, undefined, before.bundle));
    const events = await settleForwarded(world, business, [sent.id]);
    expect(timesForwarded(events, sent.id) === 1, `a first contact on the signed prekey replaced ${this.waitHours} h earlier was not forwarded`, 'the replaced signed prekey kept 30 days: the PreKey message decrypts and is forwarded once', `forwarded ${timesForwarded(events, sent.id)} times`);
  }
  toData(): CommandData {
    return { command: 'keyRotation', args: { pastHours: this.pastHours, waitHours: this.waitHours } };
  }
  toString(): string {
    return `keyRotation(a new number; a newcomer's bundle, 7 d + ${this.pastHours} h, then ${this.waitHours} h more)`;
  }
}

/** What the fuzzer and the corpus know of this command (harness/fuzz/command-declaration.ts). */
export const declaration: CommandDeclaration = {
  name: KeyRotationCommand.command,
  position: 31,
  requires: ['signal.rotation', 'webhooks', 'control.clock'],
  // 75–135 ms a step.
  weight: 2,
  arbitrary: () => fc.tuple(fc.integer({ min: 0, max: 6 * 24 }), fc.integer({ min: 0, max: 29 * 24 })).map(([past, wait]) => new KeyRotationCommand(past, wait)),
  fromData: (a) => new KeyRotationCommand(a.int('pastHours', 0, 6 * 24), a.int('waitHours', 0, 29 * 24)),
};
