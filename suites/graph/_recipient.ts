// Who the request-form cases send to. With a control plane: a number of the
// suite's own (a template reaches any number; with a Signal transport a
// consumer who wrote first, so free-form sends are inside the window).
// Graph-only: the --to the user gave, whose window the harness cannot know;
// with none, nothing is sent to a number no one named.

import fc from 'fast-check';
import { NotApplicable } from '../../harness/core/errors.ts';
import type { World } from '../../harness/run/world.ts';
import type { GraphCaller } from '../../harness/target/graph-api.ts';

export interface Recipient {
  caller: GraphCaller;
  /** Digits only, no "+". */
  digits: string;
  /** True when a free-form send may be outside the 24-hour window. */
  windowUnknown: boolean;
}

// Brazil and Mexico: Meta may change the number's prefix, so the wa_id is not fixed by `to`.
const PREFIX_MAY_CHANGE = /^(55|52)/;

/** The recipient's WhatsApp id when Meta's documentation fixes it (digits of `to`), else undefined. */
export const fixedWaId = (digits: string): string | undefined => (PREFIX_MAY_CHANGE.test(digits) ? undefined : digits);

/** A recipient for template sends: any number the target accepts. */
export async function templateRecipient(world: World): Promise<Recipient> {
  if (world.has('control.provision')) {
    // A number in a range reserved for drama (Ofcom), so a real network never delivers to anyone.
    return { caller: await world.business(), digits: '447700900123', windowUnknown: true };
  }
  return given(world);
}

/** A recipient for free-form sends: inside the window when the harness can open it. */
export async function freeFormRecipient(world: World): Promise<Recipient> {
  if (world.has('control.provision') && world.has('transport.signal')) {
    const business = await world.business();
    const consumer = await world.consumer();
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

/**
 * `digits` written with the punctuation Meta documents as supported: a
 * leading "+", then groups split by spaces or hyphens, one group possibly in
 * parentheses ("+1 (631) 555-1234"). Always with the "+": without it Meta
 * prepends the business's country code, so the number would change.
 */
export function punctuated(digits: string): fc.Arbitrary<string> {
  return fc
    .tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 2, max: 4 }), fc.constantFrom(' ', '-', ' - '), fc.constantFrom(' ', '-'), fc.boolean())
    .map(([ccLength, areaLength, sep1, sep2, parens]) => {
      // At least two digits are left after the country code and the area group.
      const cc = Math.min(ccLength, digits.length - 4);
      const area = Math.min(areaLength, digits.length - cc - 2);
      const a = digits.slice(0, cc);
      const b = digits.slice(cc, cc + area);
      const rest = digits.slice(cc + area);
      const mid = Math.ceil(rest.length / 2);
      const group = parens ? `(${b})` : b;
      return `+${a}${parens ? ' ' : sep1}${group}${sep1}${rest.slice(0, mid)}${sep2}${rest.slice(mid)}`;
    });
}
