// `npm run conformance -- …`: the conformance run alone.
import { runConformance } from './conformance.ts';
import { stopReferencesOnSignals } from '../target/reference-process.ts';

stopReferencesOnSignals();
const { exitCode } = await runConformance(process.argv.slice(2));
process.exit(exitCode);
