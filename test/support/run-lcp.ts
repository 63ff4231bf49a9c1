import { execFile } from 'node:child_process';

export interface LcpRun {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The real `lcp` command line in a child process, as an operator runs it. Settings that would
 * point it elsewhere (database, directory, clock, retention) are taken only from `env`.
 */
export function runLcp(args: string[], env: Record<string, string | undefined>): Promise<LcpRun> {
  const { LCP_DIRECTORY: _d, MONGODB_URI: _m, LCP_CLOCK: _c, LCP_RETENTION_DAYS: _r, ...inherited } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/lcp.ts', ...args],
      { cwd: process.cwd(), env: { ...inherited, ...env }, timeout: 90_000 },
      (error, stdout, stderr) => {
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
      },
    );
  });
}
