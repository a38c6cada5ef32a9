// `npm run conformance -- …`: the conformance run alone.
import { runConformance } from './conformance.ts';

const { exitCode } = await runConformance(process.argv.slice(2));
process.exit(exitCode);
