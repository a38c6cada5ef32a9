// Location messages: latitude in [-90, 90], longitude in [-180, 180], optional name and address.

import fc from 'fast-check';
import { limitedString } from './limited-string.ts';
import type { OutboundMessage } from './outbound-shape.ts';

export function locationMessage(): fc.Arbitrary<OutboundMessage> {
  return fc
    .record(
      {
        latitude: fc.double({ min: -90, max: 90, noNaN: true, noDefaultInfinity: true }),
        longitude: fc.double({ min: -180, max: 180, noNaN: true, noDefaultInfinity: true }),
        name: limitedString({ max: 100 }),
        address: limitedString({ max: 200 }),
      },
      { requiredKeys: ['latitude', 'longitude'] },
    )
    // -0 does not survive JSON as -0; the message is what JSON carries.
    .map((l) => ({ type: 'location', payload: { ...l, latitude: l.latitude + 0, longitude: l.longitude + 0 } }));
}
