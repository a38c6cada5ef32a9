// A Graph-only run against the embedded reference (--graph-only without
// --token) needs businesses the reference knows, as a user's own server
// would have them: two, so the isolation case runs. They are set up once
// through the reference's control plane,
// before the run, the way a user provisions a number out of band; the run
// itself never calls the control plane.

import { randomDigits as digits, secretToken } from '../core/random.ts';
import type { SecretRegistry } from '../core/secrets.ts';
import type { ControlPlane } from '../target/control-plane.ts';

export interface OwnBusiness {
  accessToken: string;
  phoneNumberId: string;
}

/** `acceptTransport` makes the harness's transport take the token the reference is given (it publishes the numbers' keys there). */
export async function provisionOwnBusinesses(count: number, control: ControlPlane, harnessBase: string, acceptTransport: (token: string) => void, secrets: SecretRegistry): Promise<OwnBusiness[]> {
  const transportToken = secretToken('tr');
  acceptTransport(transportToken);
  secrets.add(transportToken);
  await control.reset({
    transport: { url: `${harnessBase}/transport`, token: transportToken },
    sinks: { telemetry: `${harnessBase}/sinks/telemetry`, ads: `${harnessBase}/sinks/ads` },
  });
  const owned: OwnBusiness[] = [];
  for (let i = 1; i <= count; i++) {
    const accessToken = secretToken('EAAG');
    const appSecret = secretToken('as');
    for (const s of [accessToken, appSecret]) secrets.add(s);
    const phoneNumberId = digits(15);
    await control.provision({
      waba_id: digits(15),
      phone_number_id: phoneNumberId,
      display_phone_number: `1555${digits(7)}`,
      access_token: accessToken,
      app_secret: appSecret,
      webhook_url: `${harnessBase}/webhooks/own-business-${i}`,
      verify_token: secretToken('vt'),
    });
    owned.push({ accessToken, phoneNumberId });
  }
  return owned;
}
