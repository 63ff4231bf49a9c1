/** Where the local-database module reports progress: one human-readable line per call. */
export type LogLine = (line: string) => void;

export const silent: LogLine = () => {};
