// `npm run conformance -- …`: the conformance run alone.
import { runConformance } from './conformance.ts';
import { exitWhenFlushed, installShutdown } from './shutdown.ts';

installShutdown();
const { exitCode } = await runConformance(process.argv.slice(2));
await exitWhenFlushed(exitCode);
