// The capability names of protocol v0 (harness/PROTOCOL.md §1). A case whose
// needs a target did not declare is reported not applicable, never passed.

export const CAPABILITIES = [
  // Graph API (docs/cloud-api-rules.md#sending-messages)
  'graph.messages', // POST /{phone-number-id}/messages, text at least
  'graph.media', // upload, metadata, download, delete
  'graph.media.inbound', // media a consumer sends: fetched from the transport's media store, GET /{media-id} for 7 days
  'graph.registration', // register / deregister
  'graph.block-users', // block_users
  'graph.settings', // POST /{phone-number-id}/settings storage_configuration
  // webhooks (docs/cloud-api-rules.md#webhooks)
  'webhooks', // signed delivery to the provisioned webhook_url
  'webhooks.verification', // the hub.challenge handshake before activation
  // transport (PROTOCOL.md §4–§5)
  'transport.signal', // Signal-encrypted messaging through the harness transport
  'simulate', // a consumer's messages and receipts in plaintext on the control plane or through an adapter (PROTOCOL.md §14)
  // Never declared by a target: the harness adds it when the run has a consumer, Signal or simulated.
  'consumer', // a consumer can write and acknowledge: transport.signal or simulate
  'transport.integrity', // integrity decisions and spam reports from the transport
  'transport.billing', // billing notices from the transport
  'telemetry', // sends non-identifiable statistics to the rest-of-Meta sink
  'tls', // trusts a CA the harness names, refuses others
  'signal.rotation', // keys over time: one-time prekeys topped up, signed prekey rotated with a grace (PROTOCOL.md §13)
  'local-storage', // data_localization_region / per-region storage
  // control plane (PROTOCOL.md §1–§3, §6)
  'control.provision',
  'control.clock',
  'control.storage',
  'control.idle',
  'control.restart', // the target can be restarted (kill -9) without losing data
  // retention
  'retention', // 30-day purge on the virtual clock, sweep granularity declared (PROTOCOL §12)
] as const;

export type Capability = (typeof CAPABILITIES)[number];

/**
 * What a target without a control plane is judged on: the Graph API's own
 * endpoints, which every Cloud API implementation serves. Inbound media is
 * not among them: it starts with a consumer's message on the transport.
 */
export const GRAPH_SURFACE = ['graph.messages', 'graph.media', 'graph.registration', 'graph.block-users', 'graph.settings'] as const satisfies readonly Capability[];

export function isCapability(name: string): name is Capability {
  return (CAPABILITIES as readonly string[]).includes(name);
}

/** The capabilities a target lacks for a case, in the case's order. */
export function missingCapabilities(required: readonly Capability[], declared: ReadonlySet<string>): Capability[] {
  return required.filter((c) => !declared.has(c));
}

/**
 * What only a Signal consumer on the harness's transport brings: a run whose
 * consumers write through simulation or an adapter has none of it, whatever
 * the target declares.
 */
export const TRANSPORT_BOUND = ['transport.signal', 'transport.integrity', 'transport.billing', 'graph.media.inbound', 'signal.rotation'] as const satisfies readonly Capability[];

/** The capabilities a run judges by, with `consumer` derived from the path its consumers take. */
export function withConsumer(declared: Iterable<string>, path: 'signal' | 'simulation' | 'adapter' | 'none'): Set<string> {
  const set = new Set(declared);
  set.delete('consumer');
  if (path !== 'signal') for (const c of TRANSPORT_BOUND) set.delete(c);
  if (path !== 'none') set.add('consumer');
  return set;
}
