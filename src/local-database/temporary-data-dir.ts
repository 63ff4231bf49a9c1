import { chmod, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const PREFIX = 'lcp-db-';
const OWNER_FILE = 'owner.pid';

/**
 * A fresh folder for one run's database files, removed by remove(). A run killed by a signal
 * cannot remove its own, so each folder records its owner's pid and later runs remove the folders
 * whose owner is gone.
 */
export async function createTemporaryDataDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  await removeAbandonedDataDirs();
  const dir = await mkdtemp(path.join(os.tmpdir(), PREFIX));
  // mkdtemp makes it 0700; a database server run as another account (PostgreSQL, when this process
  // is root) must be able to pass through to its own folder inside.
  await chmod(dir, 0o711);
  await writeFile(path.join(dir, OWNER_FILE), `${process.pid}\n`);
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

async function removeAbandonedDataDirs(): Promise<void> {
  const entries = await readdir(os.tmpdir(), { withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isDirectory() || !entry.name.startsWith(PREFIX)) continue;
    const dir = path.join(os.tmpdir(), entry.name);
    const owner = Number.parseInt(await readFile(path.join(dir, OWNER_FILE), 'utf8').catch(() => ''), 10);
    // No owner file yet: possibly a folder another run is creating right now; leave it.
    if (Number.isInteger(owner) && owner > 0 && !isAlive(owner))
      await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but someone else's.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
