import { execFileSync } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import os from 'node:os';

// What the figures were measured on: they mean little without the machine, the runtime, the
// database server and the exact versions of the frameworks in the path.

const PACKAGES = [
  '@slack/bolt',
  'botbuilder',
  'mongoose',
  'mongodb',
  'agenda',
  '@agendajs/mongo-backend',
  'zod',
  'pino',
  'autocannon',
  'tsx',
];

export interface Environment {
  machine: { cpus: number; cpuModel: string; memoryGiB: number; os: string; arch: string };
  node: string;
  databaseServer: string;
  packages: Record<string, string>;
  commit: string | null;
}

export async function collectEnvironment(databaseServer: string): Promise<Environment> {
  const packages: Record<string, string> = {};
  for (const name of PACKAGES) {
    const manifest = JSON.parse(
      await readFile(new URL(`../../node_modules/${name}/package.json`, import.meta.url), 'utf8'),
    ) as { version: string };
    packages[name] = manifest.version;
  }
  let commit: string | null = null;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    // Not a git checkout: the versions above still say what ran.
  }
  const cpus = os.cpus();
  return {
    machine: {
      cpus: cpus.length,
      cpuModel: cpus[0]?.model.trim() ?? 'unknown',
      memoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
      os: `${os.type()} ${os.release()}`,
      arch: os.arch(),
    },
    node: process.version,
    databaseServer,
    packages,
    commit,
  };
}
