// Judging leak-scanner findings: none allowed, or only those a rule permits.

import { expect } from '../core/expect.ts';
import type { LeakFinding } from '../leak/scan.ts';

const MAX_SHOWN = 8;

export function expectNoLeaks(findings: readonly LeakFinding[], message: string, expected: string): void {
  const shown = findings.slice(0, MAX_SHOWN).map((f) => f.chain);
  if (findings.length > MAX_SHOWN) shown.push(`… and ${findings.length - MAX_SHOWN} more`);
  expect(findings.length === 0, message, expected, shown.join('; '));
}
