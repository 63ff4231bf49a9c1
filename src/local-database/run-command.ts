import { execFile } from 'node:child_process';

export interface CommandResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to completion (no shell) and returns its output; rejects with the tail of its
 * output when it fails or outlives timeoutMs (it is then killed).
 */
export function runCommand(
  file: string,
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number },
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    execFile(
      file,
      args,
      {
        cwd: options.cwd,
        env: options.env,
        timeout: options.timeoutMs,
        killSignal: 'SIGKILL',
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (!error) {
          resolve({ stdout, stderr });
          return;
        }
        const why = error.killed
          ? `was killed after ${options.timeoutMs} ms`
          : `failed (${error.code ?? error.message})`;
        const output = `${stderr}\n${stdout}`.trim().split('\n').slice(-30).join('\n');
        reject(new Error(`\`${[file, ...args].join(' ')}\` ${why}${output ? `:\n${output}` : ''}`, { cause: error }));
      },
    );
  });
}
