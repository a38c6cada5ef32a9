// Who the request-form cases send to. With a control plane: a number of the
// suite's own (a template reaches any number; with a Signal transport a
// consumer who wrote first, so free-form sends are inside the window).
// Graph-only: the --to the user gave, whose window the harness cannot know;
// with none, nothing is sent to a number no one named.

import { NotApplicable } from '../core/errors.ts';
import { NOBODY, type World } from './world.ts';
import type { GraphCaller } from '../target/graph-api.ts';

export interface Recipient {
  caller: GraphCaller;
  /** Digits only, no "+". */
  digits: string;
  /** True when a free-form send may be outside the 24-hour window. */
  windowUnknown: boolean;
}

/** A recipient for template sends: any number the target accepts. */
export async function templateRecipient(world: World): Promise<Recipient> {
  if (world.has('control.provision')) {
    return { caller: await world.business(), digits: NOBODY, windowUnknown: true };
  }
  return given(world);
}

/** A recipient for free-form sends: inside the window when the harness can open it. */
export async function freeFormRecipient(world: World): Promise<Recipient> {
  if (world.has('control.provision') && world.has('transport.signal')) {
    const business = await world.business();
    const consumer = await world.signalConsumer();
    await world.openWindow(business, consumer);
    return { caller: business, digits: consumer.waId, windowUnknown: false };
  }
  if (world.has('control.provision')) return { ...(await templateRecipient(world)), windowUnknown: true };
  return given(world);
}

async function given(world: World): Promise<Recipient> {
  const to = world.env.given?.to;
  if (to === undefined) throw new NotApplicable('no recipient to send to: give --to=NUMBER (a number the business may message)');
  return { caller: await world.graphCaller(), digits: to.replace(/[^0-9]/g, ''), windowUnknown: true };
}
