// The capability names of protocol v0 (harness/PROTOCOL.md §1). A case whose
// needs a target did not declare is reported not applicable, never passed.

export const CAPABILITIES = [
  'graph.messages',
  'webhooks',
  'transport.signal',
  'control.provision',
  'control.clock',
  'control.storage',
  'control.idle',
] as const;

export type Capability = (typeof CAPABILITIES)[number];

export function isCapability(name: string): name is Capability {
  return (CAPABILITIES as readonly string[]).includes(name);
}

/** The capabilities a target lacks for a case, in the case's order. */
export function missingCapabilities(required: readonly Capability[], declared: ReadonlySet<string>): Capability[] {
  return required.filter((c) => !declared.has(c));
}
