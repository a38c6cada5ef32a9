// What a case module imports to declare itself: the kernel's case model
// (harness/core/case.ts) bound to the context the runner hands every case.

import { validateCase, type ConformanceCase } from '../core/case.ts';
import type { CaseContext } from './context.ts';

/** Validates a case's header when its module loads, so a bad header fails fast and says where. */
export function defineCase(c: ConformanceCase<CaseContext>): ConformanceCase<CaseContext> {
  return validateCase(c);
}
