// Bodies of POST /{phone-number-id}/register: a six-digit pin and an optional
// data_localization_region from the documented enum, or (the negative twin)
// a body that breaks exactly one of those rules, saying which. Lower-case
// codes of documented regions are not drawn as invalid: whether Graph's enum
// reading folds case is not documented.

import fc from 'fast-check';
import { REGIONS } from '../harness/core/durations.ts';

export interface RegisterRequest {
  body: Record<string, unknown>;
  /** The rule broken; undefined for a valid body. */
  rule?: string;
  /** Right codes for the broken rule (100 accepted beside 131008/131009). */
  codes?: readonly number[];
}

const pin = fc.stringMatching(/^[0-9]{6}$/);

export function registerRequest(): fc.Arbitrary<RegisterRequest> {
  return fc.tuple(pin, fc.option(fc.constantFrom(...REGIONS), { nil: undefined })).map(([p, region]) => ({
    body: region === undefined ? { messaging_product: 'whatsapp', pin: p } : { messaging_product: 'whatsapp', pin: p, data_localization_region: region },
  }));
}

/** A data_localization_region outside the documented enum (in any case: lower-case codes of documented regions are not drawn). */
export function invalidRegion(): fc.Arbitrary<string> {
  return fc.oneof(fc.constantFrom('US', 'EU', 'UK', 'Germany', '', 'XX'), fc.stringMatching(/^[A-Z]{2}$/).filter((r) => !(REGIONS as readonly string[]).includes(r)));
}

export function invalidRegisterRequest(): fc.Arbitrary<RegisterRequest> {
  const missing = [131008, 100];
  const invalid = [131009, 100];
  return fc.oneof(
    pin.map((p) => ({ body: { pin: p }, rule: 'messaging_product missing', codes: missing })),
    fc.constant({ body: { messaging_product: 'whatsapp' }, rule: 'pin missing', codes: missing }),
    // Not the six-digit number 123456 as a JSON number: Graph reads parameters leniently, so a target may take it.
    fc.oneof(fc.stringMatching(/^[0-9]{1,5}$/), fc.stringMatching(/^[0-9]{7,9}$/), fc.constantFrom('12a456', ' 123456', '١٢٣٤٥٦')).map((p) => ({
      body: { messaging_product: 'whatsapp', pin: p },
      rule: `pin ${JSON.stringify(p)} is not six digits`,
      codes: invalid,
    })),
    fc.tuple(pin, invalidRegion()).map(([p, r]) => ({
      body: { messaging_product: 'whatsapp', pin: p, data_localization_region: r },
      rule: `data_localization_region ${JSON.stringify(r)} is not in the documented enum`,
      codes: invalid,
    })),
  );
}
