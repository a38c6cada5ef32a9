// How a fuzz sequence wires the target (PROTOCOL.md §11): a plain run, or a
// TLS run in production mode with the run's CA trusted, where the transport,
// the sinks and every webhook go over HTTPS. Drawn per sequence, so the TLS
// commands (untrusted certificates, a plain webhook refused) and everything
// else meet both.

import type { RunEnvironment } from '../run/environment.ts';
import type { Capability } from '../core/capabilities.ts';
import type { Wiring } from '../run/world.ts';
import { runCertificates } from '../tls/run-certificates.ts';

export const WIRINGS = ['plain', 'tls-production'] as const;
export type FuzzWiring = (typeof WIRINGS)[number];

/** The world's wiring for a sequence; undefined: the harness's plain listener, the target's defaults. */
export async function wiringFor(env: RunEnvironment, wiring: FuzzWiring): Promise<Wiring | undefined> {
  if (wiring === 'plain') return undefined;
  const certs = runCertificates();
  return { base: await env.server.tlsUrl('run-ca', certs.trusted), trust: { ca_pem: certs.caPem }, production: true };
}

/** What a wiring needs the target to declare: a TLS run trusts the run's CA and runs in production mode (PROTOCOL.md §11). */
export const WIRING_REQUIRES: Readonly<Record<FuzzWiring, readonly Capability[]>> = {
  plain: [],
  'tls-production': ['tls', 'control.provision'],
};

/** Which wirings a target can be fuzzed under. */
export function wiringsFor(declared: ReadonlySet<string>): readonly FuzzWiring[] {
  return WIRINGS.filter((w) => WIRING_REQUIRES[w].every((c) => declared.has(c)));
}
