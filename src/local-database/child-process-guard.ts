import type { ChildProcess } from 'node:child_process';

const TERMINATING_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Kills the child when this process exits or is told to terminate, so that a crashed or
 * interrupted test run leaves no server behind. Returns a function that removes the guard (call it
 * once the child has been stopped normally).
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
  return release;
}

/** Sends SIGTERM, then SIGKILL if the child has not exited after graceMs. Resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  try {
    await exited;
  } finally {
    clearTimeout(timer);
  }
}
