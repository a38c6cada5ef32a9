// Cases reach the run only through the World's methods (README "The World: what a case may use"):
// no case file reads the environment behind it.
import t from 'tap';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SUITES = fileURLToPath(new URL('../../../suites/', import.meta.url));

async function tsFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await tsFiles(p)));
    else if (e.name.endsWith('.ts')) out.push(p);
  }
  return out;
}

t.test('no file under suites/ reads world.env', async (t) => {
  const files = await tsFiles(SUITES);
  t.ok(files.length > 50, `found the suite files (${files.length})`);
  const offenders: string[] = [];
  for (const f of files) {
    const lines = (await readFile(f, 'utf8')).split('\n');
    lines.forEach((line, i) => {
      if (/\.env\.|\bworld\.env\b/.test(line)) offenders.push(`${path.relative(SUITES, f)}:${i + 1}: ${line.trim()}`);
    });
  }
  t.same(offenders, [], 'cases use World methods');
});
