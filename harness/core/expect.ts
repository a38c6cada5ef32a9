// The two verdict primitives a case, a verifier or the World states a rule with:
// `expect` fails the case, `should` records a SHOULD deviation and lets it go on.

import { CaseFailure } from './errors.ts';
import { recordShould } from './deviations.ts';

/** Fails the case unless `ok`. */
export function expect(ok: boolean, message: string, expected: string, actual: string): asserts ok {
  if (!ok) throw new CaseFailure(message, expected, actual);
}

/** Records a SHOULD deviation in the running case unless `ok`; never fails it. */
export function should(ok: boolean, message: string, expected: string, actual: string): void {
  if (!ok) recordShould({ level: 'SHOULD', message, expected, actual });
}
