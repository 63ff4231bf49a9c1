import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// Every measured party (the app, the bare baselines, the fake Slack and Bot Framework APIs, the
// scheduler runs) is its own Node process: load generator, server and fakes then do not share one
// event loop, and each process's memory can be read on its own from /proc.

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface BenchChild<Ready> {
  pid: number;
  /** The first JSON line the child printed: its ports and what it seeded. */
  ready: Ready;
  /** Every later JSON line (a child's final result, for run-once children). */
  next(): Promise<Record<string, unknown>>;
  /** Resolves when the process has exited. */
  exited: Promise<number | null>;
  stop(): Promise<void>;
}

/**
 * Starts `node --import tsx <script> <json args>` from the project root and waits for its first
 * line of JSON on stdout. Its stderr goes to ours, so a crash says why.
 */
export async function startChild<Ready>(
  script: string,
  args: unknown,
  options: { nodeArgs?: string[]; timeoutMs?: number } = {},
): Promise<BenchChild<Ready>> {
  const child: ChildProcess = spawn(
    process.execPath,
    [...(options.nodeArgs ?? []), '--import', 'tsx', script, JSON.stringify(args)],
    {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const lines: Record<string, unknown>[] = [];
  const waiting: ((line: Record<string, unknown>) => void)[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const reader = createInterface({ input: child.stdout! });
  reader.on('line', (line) => {
    if (!line.startsWith('{')) {
      process.stderr.write(`[${script}] ${line}\n`);
      return;
    }
    const parsed = JSON.parse(line) as Record<string, unknown>;
    const taker = waiting.shift();
    if (taker) taker(parsed);
    else lines.push(parsed);
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const line = lines.shift();
      if (line) return resolve(line);
      waiting.push(resolve);
      void exited.then((code) => reject(new Error(`${script} exited (code ${code}) before answering`)));
    });
  const timeoutMs = options.timeoutMs ?? 180_000;
  let timer: NodeJS.Timeout | undefined;
  const ready = (await Promise.race([
    next(),
    new Promise<never>(
      (_, reject) =>
        (timer = setTimeout(() => reject(new Error(`${script} was not ready after ${timeoutMs} ms`)), timeoutMs)),
    ),
  ]).finally(() => clearTimeout(timer))) as Ready;
  return {
    pid: child.pid!,
    ready,
    next,
    exited,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    },
  };
}

/** For child scripts: their JSON arguments, and how they answer the parent. */
export function childArgs<T>(): T {
  const raw = process.argv[2];
  if (!raw) throw new Error('expected the benchmark arguments as JSON in argv[2]');
  return JSON.parse(raw) as T;
}

export function answerParent(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * For run-once children: answers, then exits once the line is written. Libraries may leave
 * handles open (HTTP keep-alive agents, timers); the parent waits for the exit.
 */
export function finishChild(line: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(line)}\n`, () => process.exit(0));
}

/** Lets the parent stop a child server with SIGTERM, closing what it opened first. */
export function onTerminate(close: () => Promise<void>): void {
  process.once('SIGTERM', () => {
    close()
      .catch((error: unknown) => process.stderr.write(`closing failed: ${String(error)}\n`))
      .finally(() => process.exit(0));
  });
}
