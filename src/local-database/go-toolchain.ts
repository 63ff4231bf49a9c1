import { access, constants, stat } from 'node:fs/promises';
import path from 'node:path';
import { runCommand } from './run-command.js';

export interface GoToolchain {
  /** Path of the go command. */
  go: string;
  /** As `go env GOVERSION` prints it, e.g. "go1.26.8". */
  version: string;
}

/** Where Go's official installer puts it, in case that folder is not on PATH. */
const WELL_KNOWN_LOCATIONS = ['/usr/local/go/bin/go'];

/** Finds a working go command on PATH (or in its usual install folder); undefined when there is none. */
export async function findGoToolchain(): Promise<GoToolchain | undefined> {
  const onPath = (process.env.PATH ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .map((dir) => path.join(dir, 'go'));
  for (const candidate of [...onPath, ...WELL_KNOWN_LOCATIONS]) {
    if (!(await isExecutable(candidate))) continue;
    try {
      const { stdout } = await runCommand(candidate, ['env', 'GOVERSION'], { timeoutMs: 30_000 });
      return { go: candidate, version: stdout.trim() };
    } catch {
      // A broken go on PATH: keep looking.
    }
  }
  return undefined;
}

export async function isExecutable(file: string): Promise<boolean> {
  try {
    if (!(await stat(file)).isFile()) return false;
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
