// The small logging function every use case, adapter and job takes (backed by pino in
// logger.ts; tests pass their own), and the one way to put a caught error into a log line.

export type Log = (message: string, detail?: Record<string, unknown>) => void;

/** The message of whatever was thrown (an Error's message, else its text). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
