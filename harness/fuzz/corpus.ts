// The regression corpus: one JSON file per failure the fuzzer found, holding
// the shrunk command sequence itself as data (steps of {command, args}, the
// scheduler's interleaving and the canary). Every later run replays the
// corpus first: a counterexample that once broke a target must keep passing
// once fixed. Steps replay through the command registry, so adding commands
// or reshaping the arbitraries leaves recorded entries meaning what they did.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../target/reference-process.ts';
import { HarnessError } from '../core/errors.ts';
import { parseSteps, type CommandData } from './command-data.ts';
import { commandFromData } from './commands/registry.ts';
import type { FuzzFailure, RecordedRun } from './engine.ts';
import { WIRINGS } from './wiring.ts';

export const CORPUS_VERSION = 2;

export interface CorpusEntry extends RecordedRun {
  version: 2;
  kind: 'fuzz';
  /** Readable form of the steps (informational: the steps are what replays). */
  commands: string;
  failure: string;
  found: { at: string; target: string; fault?: string; seed?: number };
  replay: string;
}

export function entryFor(f: FuzzFailure, target: string, fault: string | undefined, file: string): CorpusEntry {
  return {
    version: CORPUS_VERSION,
    kind: 'fuzz',
    steps: f.steps,
    schedule: f.schedule,
    canary: f.canary,
    ...(f.wiring && f.wiring !== 'plain' ? { wiring: f.wiring } : {}),
    commands: f.commands,
    failure: f.message,
    found: { at: new Date().toISOString(), target, fault, seed: f.seed },
    replay: `npm run fuzz -- ${fault ? `--reference-fault=${fault} ` : ''}--replay=${file}`,
  };
}

/** Named after what replays: the same steps give the same file. */
export function entryFileName(f: Pick<RecordedRun, 'steps' | 'schedule' | 'canary' | 'wiring'>): string {
  const what = f.wiring && f.wiring !== 'plain' ? [f.steps, f.schedule, f.canary, f.wiring] : [f.steps, f.schedule, f.canary];
  return `${createHash('sha256').update(JSON.stringify(what)).digest('hex').slice(0, 16)}.json`;
}

export async function writeEntry(dir: string, f: FuzzFailure, target: string, fault: string | undefined): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, entryFileName(f));
  await writeFile(file, JSON.stringify(entryFor(f, target, fault, relative(PROJECT_ROOT, file)), null, 2) + '\n');
  return file;
}

const bad = (message: string) => new HarnessError('HARNESS_BAD_ARGUMENT', message);

/** Reads one entry; a file that is not one is a clear HARNESS_BAD_ARGUMENT (one line), never a crash. */
export async function readEntry(file: string): Promise<CorpusEntry> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw bad(`Cannot read corpus file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad(`Corpus file ${file} is not JSON`);
  }
  const e = v as Partial<CorpusEntry> & { version?: unknown };
  if (typeof v !== 'object' || v === null || Array.isArray(v) || e.kind !== 'fuzz') {
    throw bad(`Corpus file ${file} is not a corpus entry (needs kind "fuzz", a version and steps)`);
  }
  if ((e.version as unknown) === 1) {
    throw bad(`Corpus file ${file} is a version 1 entry (a seed and path, which only the command alphabet that wrote it replays); this harness replays version ${CORPUS_VERSION} entries (recorded steps): find the failure again with npm run fuzz and delete this file`);
  }
  if (e.version !== CORPUS_VERSION) {
    throw bad(`Corpus file ${file} has version ${JSON.stringify(e.version)}; this harness reads version ${CORPUS_VERSION}`);
  }
  const steps: CommandData[] = parseSteps(e.steps, `Corpus file ${file}`);
  // Every step must name a known command with valid arguments before anything runs.
  steps.forEach((s, i) => commandFromData(s, `Corpus file ${file}: step ${i + 1}`));
  if (!Array.isArray(e.schedule) || !e.schedule.every((n) => Number.isInteger(n) && n > 0)) {
    throw bad(`Corpus file ${file}: schedule must be a list of task numbers (empty when nothing ran concurrently)`);
  }
  if (typeof e.canary !== 'string' || e.canary.length < 8) throw bad(`Corpus file ${file}: canary must be a string of at least 8 characters`);
  if (e.wiring !== undefined && !(WIRINGS as readonly unknown[]).includes(e.wiring)) throw bad(`Corpus file ${file}: wiring must be one of ${WIRINGS.join(', ')} (or absent: plain)`);
  return { ...(e as CorpusEntry), steps };
}

export async function listEntries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
