// Starts an example server as a user does (`tsx examples/<name>/main.ts
// --port=0 …`), waits for the "listening on http://127.0.0.1:PORT" line it
// prints, and stops it again. Bounded: 30 s to start.
import { spawn } from 'node:child_process';
import { once } from 'node:events';

export interface RunningExample {
  url: string;
  stop: () => Promise<void>;
}

export async function startExample(main: string, args: readonly string[]): Promise<RunningExample> {
  const child = spawn(process.execPath, ['--import', 'tsx', main, '--port=0', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => void (stderr = (stderr + s).slice(-4000)));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${main} did not start within 30 s: ${stderr}`)), 30_000);
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s;
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${main} exited (${code}): ${stderr}`));
    });
  });
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}
