// The regression corpus: one JSON file per failure the fuzzer found, with the
// seed and path that replay it. Every later run replays the corpus first: a
// counterexample that once broke a target must keep passing once fixed.

import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { PROJECT_ROOT } from '../target/reference-process.ts';
import { HarnessError } from '../core/errors.ts';
import type { FuzzFailure } from './engine.ts';

export const CORPUS_VERSION = 1;

export interface CorpusEntry {
  version: number;
  kind: 'fuzz';
  seed: number;
  path: string;
  replayPath?: string;
  commands: string;
  failure: string;
  found: { at: string; target: string; fault?: string };
  replay: string;
}

export function entryFor(f: FuzzFailure, target: string, fault: string | undefined, file: string): CorpusEntry {
  return {
    version: CORPUS_VERSION,
    kind: 'fuzz',
    seed: f.seed,
    path: f.path,
    replayPath: f.replayPath,
    commands: f.commands,
    failure: f.message,
    found: { at: new Date().toISOString(), target, fault },
    replay: `npm run fuzz -- --replay=${file}`,
  };
}

export function entryFileName(f: Pick<FuzzFailure, 'seed' | 'path'>): string {
  return `${createHash('sha256').update(`${f.seed}:${f.path}`).digest('hex').slice(0, 16)}.json`;
}

export async function writeEntry(dir: string, f: FuzzFailure, target: string, fault: string | undefined): Promise<string> {
  await mkdir(dir, { recursive: true });
  const file = join(dir, entryFileName(f));
  await writeFile(file, JSON.stringify(entryFor(f, target, fault, relative(PROJECT_ROOT, file)), null, 2) + '\n');
  return file;
}

/** Reads one entry; a file that is not one is a clear HARNESS_BAD_ARGUMENT, never a crash. */
export async function readEntry(file: string): Promise<CorpusEntry> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new HarnessError('HARNESS_BAD_ARGUMENT', `Cannot read corpus file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw new HarnessError('HARNESS_BAD_ARGUMENT', `Corpus file ${file} is not JSON`);
  }
  const e = v as Partial<CorpusEntry>;
  if (typeof v !== 'object' || v === null || e.kind !== 'fuzz' || !Number.isInteger(e.seed) || typeof e.path !== 'string') {
    throw new HarnessError('HARNESS_BAD_ARGUMENT', `Corpus file ${file} is not a corpus entry (needs kind "fuzz", an integer seed and a path)`);
  }
  if (e.version !== CORPUS_VERSION) {
    throw new HarnessError('HARNESS_BAD_ARGUMENT', `Corpus file ${file} has version ${JSON.stringify(e.version)}; this harness reads version ${CORPUS_VERSION}`);
  }
  return e as CorpusEntry;
}

export async function listEntries(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir)).filter((f) => f.endsWith('.json')).sort().map((f) => join(dir, f));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
}
