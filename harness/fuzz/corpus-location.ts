import { join } from 'node:path';
import { PROJECT_ROOT } from '../target/reference-process.ts';

/** The project's regression corpus, replayed by every run (suites/fuzz/regression-corpus.ts). */
export const DEFAULT_CORPUS = join(PROJECT_ROOT, 'corpus', 'fuzz');
