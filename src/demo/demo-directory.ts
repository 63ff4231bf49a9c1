import path from 'node:path';
import { projectRoot } from '../paths/project-root.js';

// The demo directory: one person per role, with the Teams ids the Agents Playground's mock users
// are given (scripts/playground.ts builds its mock users from this same file). `npm start` imports
// it when neither MONGODB_URI nor LCP_DIRECTORY says otherwise; production refuses it.
export const DEMO_DIRECTORY_FILE = path.join(projectRoot(), 'demo', 'people.csv');

/** Whether a LCP_DIRECTORY value names the shipped demo file (whatever the working directory). */
export function isDemoDirectory(file: string | undefined): boolean {
  return file !== undefined && path.resolve(file) === DEMO_DIRECTORY_FILE;
}

/**
 * Demo mode: a local database and no directory of one's own. With MONGODB_URI set the database
 * is someone's real one, so nothing is imported into it unasked.
 */
export function usesDemoDirectory(settings: {
  MONGODB_URI?: string | undefined;
  LCP_DIRECTORY?: string | undefined;
}): boolean {
  return !settings.MONGODB_URI && !settings.LCP_DIRECTORY;
}
