// The fault registry: every module in this folder but index.ts and fault.ts
// exports one `fault`. Found by listing the folder, so adding a fault is
// adding one file.

import { readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { ReferenceFailure } from '../errors.ts';
import { cleanSeams, withOverrides, type Seams } from '../seams.ts';
import type { Fault } from './fault.ts';

export type { Fault } from './fault.ts';

const DIR = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(DIR)
  .filter((f) => f.endsWith('.ts') && f !== 'index.ts' && f !== 'fault.ts')
  .sort();

async function load(file: string): Promise<Fault> {
  const mod = (await import(pathToFileURL(join(DIR, file)).href)) as { fault?: Fault };
  if (!mod.fault || `${mod.fault.name}.ts` !== file) throw new Error(`reference/faults/${file} must export a fault named "${file.slice(0, -3)}"`);
  return mod.fault;
}

/** Every fault the reference can run with, by name. */
export const FAULTS: readonly Fault[] = await Promise.all(files.map(load));

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
