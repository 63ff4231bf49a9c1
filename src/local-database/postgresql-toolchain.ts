import { readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import { isExecutable } from './go-toolchain.js';
import { runCommand } from './run-command.js';

export interface PostgresToolchain {
  /** Folder holding initdb, postgres and friends. */
  binDir: string;
  /** As `postgres --version` prints it, e.g. "postgres (PostgreSQL) 15.14 (Debian 15.14-0+deb12u1)". */
  version: string;
}

/** Debian's `postgresql` package keeps the server programs out of PATH, one folder per major version. */
const DEBIAN_ROOT = '/usr/lib/postgresql';
const PROGRAMS = ['initdb', 'postgres'] as const;

/**
 * Finds PostgreSQL's server programs: a folder on PATH holding both initdb and postgres, else the
 * newest /usr/lib/postgresql/<major>/bin. Undefined when neither exists.
 */
export async function findPostgresToolchain(): Promise<PostgresToolchain | undefined> {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  for (const binDir of [...onPath, ...(await debianBinDirs())]) {
    if (!(await hasServerPrograms(binDir))) continue;
    try {
      // A folder on PATH may hold only symbolic links to the server programs: the client programs
      // (createdb) are found beside their target.
      const postgres = await realpath(path.join(binDir, 'postgres'));
      const { stdout } = await runCommand(postgres, ['--version'], { timeoutMs: 30_000 });
      return { binDir: path.dirname(postgres), version: stdout.trim() };
    } catch {
      // A broken installation: keep looking.
    }
  }
  return undefined;
}

async function hasServerPrograms(binDir: string): Promise<boolean> {
  for (const program of PROGRAMS) if (!(await isExecutable(path.join(binDir, program)))) return false;
  return true;
}

/** Newest major version first. */
async function debianBinDirs(): Promise<string[]> {
  const majors = await readdir(DEBIAN_ROOT).catch(() => [] as string[]);
  return majors
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a))
    .map((major) => path.join(DEBIAN_ROOT, major, 'bin'));
}
