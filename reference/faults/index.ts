import { ReferenceFailure } from '../errors.ts';
import { cleanSeams, withOverrides, type Seams } from '../seams.ts';
import { fault as envelopePlaintextMetadata } from './envelope-plaintext-metadata.ts';
import { fault as inboundForwardedTwice } from './inbound-forwarded-twice.ts';
import { fault as inboundTextTrimmed } from './inbound-text-trimmed.ts';
import { fault as outboundTextTrimmed } from './outbound-text-trimmed.ts';
import { fault as statusDeliveredAfterRead } from './status-delivered-after-read.ts';
import { fault as waIdKeepsPlus } from './wa-id-keeps-plus.ts';
import { fault as webhookWrongSecret } from './webhook-wrong-secret.ts';
import type { Fault } from './fault.ts';

export type { Fault } from './fault.ts';

/** Every fault the reference can run with, by name. */
export const FAULTS: readonly Fault[] = [
  envelopePlaintextMetadata,
  webhookWrongSecret,
  inboundForwardedTwice,
  outboundTextTrimmed,
  statusDeliveredAfterRead,
  waIdKeepsPlus,
  inboundTextTrimmed,
];

export const faultNames = (): string[] => FAULTS.map((f) => f.name);

/** The seams for a run: clean, or with one named fault's overrides. */
export function seamsFor(faultName: string | undefined): Seams {
  if (faultName === undefined || faultName === '') return cleanSeams;
  const fault = FAULTS.find((f) => f.name === faultName);
  if (!fault) {
    throw new ReferenceFailure('REF_UNKNOWN_FAULT', `unknown fault "${faultName}"; valid faults: ${faultNames().join(', ')}`);
  }
  return withOverrides(fault.seams);
}
