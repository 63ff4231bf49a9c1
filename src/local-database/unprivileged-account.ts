import { runCommand } from './run-command.js';

export interface Account {
  name: string;
  uid: number;
  gid: number;
}

/** Tried in order: Debian's `postgresql` package creates `postgres`; `nobody` exists everywhere. */
const CANDIDATES = ['postgres', 'nobody'];

/** An account without privileges for programs that refuse to run as root (PostgreSQL). */
export async function unprivilegedAccount(): Promise<Account> {
  for (const name of CANDIDATES) {
    const entry = await runCommand('getent', ['passwd', name], { timeoutMs: 10_000 }).catch(() => undefined);
    const fields = entry?.stdout.trim().split(':');
    if (!fields || fields.length < 4) continue;
    const uid = Number(fields[2]);
    const gid = Number(fields[3]);
    if (Number.isInteger(uid) && uid > 0 && Number.isInteger(gid)) return { name, uid, gid };
  }
  throw new Error(`this process is root and none of the accounts ${CANDIDATES.join(', ')} exists to run PostgreSQL as`);
}
