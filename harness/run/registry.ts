// Finds every case: one module per case under suites/<area>/, its default
// export made with defineCase. Order is by id, so runs are reproducible.

import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ConformanceCase } from '../core/case.ts';

export const SUITES_DIR = fileURLToPath(new URL('../../suites/', import.meta.url));

export async function loadCases(dir = SUITES_DIR): Promise<ConformanceCase[]> {
  const files: string[] = [];
  for (const area of (await readdir(dir, { withFileTypes: true })).filter((d) => d.isDirectory())) {
    for (const f of await readdir(join(dir, area.name))) {
      if (f.endsWith('.ts') && !f.endsWith('.test.ts') && !f.startsWith('_')) files.push(join(dir, area.name, f));
    }
  }
  const cases: ConformanceCase[] = [];
  const seen = new Map<string, string>();
  for (const file of files.sort()) {
    const mod = (await import(pathToFileURL(file).href)) as { default?: ConformanceCase };
    const c = mod.default;
    if (!c || typeof c.run !== 'function') throw new Error(`${file}: default export is not a case made with defineCase`);
    const other = seen.get(c.id);
    if (other) throw new Error(`case id ${c.id} is defined twice: ${other} and ${file}`);
    seen.set(c.id, file);
    cases.push(c);
  }
  return cases.sort((a, b) => Number(!!b.first) - Number(!!a.first) || a.id.localeCompare(b.id));
}

/** `E2E-*,HOOK-inbound-*,!HOOK-inbound-once`: comma-separated globs, `!` excludes. */
export function selectCases(cases: ConformanceCase[], pattern: string | undefined): ConformanceCase[] {
  if (!pattern) return cases;
  const toRe = (glob: string) => new RegExp('^' + glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*') + '$', 'i');
  const parts = pattern.split(',').map((p) => p.trim()).filter(Boolean);
  const include = parts.filter((p) => !p.startsWith('!')).map(toRe);
  const exclude = parts.filter((p) => p.startsWith('!')).map((p) => toRe(p.slice(1)));
  return cases.filter((c) => (include.length === 0 || include.some((r) => r.test(c.id))) && !exclude.some((r) => r.test(c.id)));
}
