// suites/ holds case files only: what cases share lives in harness/verify/
// (checks), harness/core/durations.ts (constants) and generators/
// (arbitraries), where fuzz commands can reach it too, so nothing in
// harness/ or generators/ ever needs to import from suites/.
import t from 'tap';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const tsFiles = (dir: string): string[] => (readdirSync(join(ROOT, dir), { recursive: true }) as string[]).filter((f) => f.endsWith('.ts')).map((f) => join(dir, f));
const SPECIFIER = /(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g;

t.test('no file under suites/ starts with "_"', async (t) => {
  const files = tsFiles('suites');
  t.ok(files.length > 50, `${files.length} suite files read`);
  t.same(files.filter((f) => f.split('/').some((part) => part.startsWith('_'))), [], 'every suite file is a case');
});

t.test('nothing under harness/ or generators/ imports from suites/', async (t) => {
  const suites = join(ROOT, 'suites');
  const offenders: string[] = [];
  for (const f of [...tsFiles('harness'), ...tsFiles('generators')]) {
    for (const [, spec] of readFileSync(join(ROOT, f), 'utf8').matchAll(SPECIFIER)) {
      const target = resolve(dirname(join(ROOT, f)), spec!);
      if (!relative(suites, target).startsWith('..')) offenders.push(`${f} imports ${spec}`);
    }
  }
  t.same(offenders, [], 'no import reaches into suites/');
});
