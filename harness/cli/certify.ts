// `npm run certify -- --target=URL --control-token=T`: the whole suite with a
// fixed default seed, then the certification summary (levels from README
// "Conformance levels", per-area results, the results digest) on the terminal,
// in reports/<run>/certification.json and at the head of index.html.
import { runConformance } from './conformance.ts';
import { exitWhenFlushed, installShutdown } from './shutdown.ts';

installShutdown();
const { exitCode } = await runConformance(process.argv.slice(2), undefined, 'certify');
await exitWhenFlushed(exitCode);
