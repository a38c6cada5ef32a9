// Which Graph API version the run calls. Without a control plane the suite
// cannot ask the target, so it uses the newest version it knows unless told
// (--graph-version); with one, a version the target declares.

import { HarnessError } from '../core/errors.ts';

/** The newest Graph API version whose documented behaviour the suite judges. */
export const NEWEST_GRAPH_VERSION = 'v23.0';

export const GRAPH_VERSION_PATTERN = /^v\d{1,3}\.\d{1,2}$/;

/** The version to call: the one asked for (it must be declared, when the target declares any), else the target's first, else the newest known. */
export function chooseGraphVersion(asked: string | undefined, declared: readonly string[] | undefined): string {
  if (asked === undefined) return declared?.[0] ?? NEWEST_GRAPH_VERSION;
  if (declared && declared.length > 0 && !declared.includes(asked)) {
    throw new HarnessError('HARNESS_GRAPH_VERSION', `--graph-version=${asked} is not a version the target declares (${declared.join(', ')})`);
  }
  return asked;
}
