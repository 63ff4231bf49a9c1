import { spawn, type ChildProcess } from 'node:child_process';

const TERMINATING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Kills the child when this process exits or is told to terminate, so that a crashed or
 * interrupted run leaves no server behind; a watchdog process covers the case this process cannot
 * see (being killed with SIGKILL). Returns a function that removes the guard (call it once the
 * child has been stopped normally).
 */
export function killChildOnExit(child: ChildProcess): () => void {
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killNow();
    release();
    // Listening for a signal cancels Node's default of dying from it; restore it when nobody else
    // handles the signal.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const release = () => {
    process.off('exit', killNow);
    for (const signal of TERMINATING_SIGNALS) process.off(signal, onSignal);
  };
  process.on('exit', killNow);
  for (const signal of TERMINATING_SIGNALS) process.on(signal, onSignal);
  child.once('exit', release);
  if (child.pid) startWatchdog(child.pid);
  return release;
}

/**
 * A small node process that polls five times a second: when its parent (this process) is gone it
 * stops the child (SIGTERM, then SIGKILL after 5 s); once the child is gone it exits.
 */
const WATCHDOG = `
const child = Number(process.argv[1]);
const parent = process.ppid;
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
let stopping = 0;
setInterval(() => {
  if (!alive(child)) process.exit(0);
  if (process.ppid === parent) return;
  if (stopping === 0) { stopping = Date.now(); try { process.kill(child, 'SIGTERM'); } catch {} }
  else if (Date.now() - stopping > 5000) { try { process.kill(child, 'SIGKILL'); } catch {} process.exit(0); }
}, 200);
`;

function startWatchdog(childPid: number): void {
  const watchdog = spawn(process.execPath, ['-e', WATCHDOG, String(childPid)], { stdio: 'ignore' });
  watchdog.on('error', () => {});
  watchdog.unref();
}

/**
 * Sends `signal` (SIGTERM unless told otherwise), then SIGKILL if the child has not exited after
 * graceMs. Resolves once it has exited.
 */
export async function stopChild(
  child: ChildProcess,
  graceMs: number,
  signal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill(signal);
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
