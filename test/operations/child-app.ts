import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../../src/paths/project-root.js';

// Runs the real `npm start` entry point (src/main.ts through tsx) as a child process with exactly
// the environment given, and collects what it prints.
export interface ChildApp {
  child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the exit code (or the signal's name). */
  exited: Promise<number | string>;
  /** Resolves once stdout contains `text`; rejects if the process exits first or on timeout. */
  waitFor(text: string | RegExp, timeoutMs?: number): Promise<void>;
  /** Waits for "Listening on" and returns the port bound (start it with PORT=0 to avoid races). */
  listening(timeoutMs?: number): Promise<number>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

export function startChildApp(env: Record<string, string>, entry = 'src/main.ts'): ChildApp {
  const root = projectRoot();
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(root, entry)], {
    cwd: root,
    // Only what the app needs: no settings leak in from the test runner's environment.
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', LOG_LEVEL: 'warn', PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')),
  );
  let done = false;
  void exited.then(() => (done = true));

  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    async waitFor(text, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      const seen = () => (typeof text === 'string' ? out.includes(text) : text.test(out));
      while (!seen()) {
        if (done) throw new Error(`the app exited before printing ${String(text)}:\n${out}\n${err}`);
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${String(text)}:\n${out}\n${err}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
    async listening(timeoutMs = 60_000) {
      const pattern = /Listening on http:\/\/localhost:(\d+)/;
      await this.waitFor(pattern, timeoutMs);
      return Number(pattern.exec(out)![1]);
    },
    async stop(signal = 'SIGTERM') {
      if (!done) child.kill(signal);
      return exited;
    },
  };
}
