// The scheduler on its own: `npm run worker`. Runs every job in jobs/ against MONGODB_URI. On
// SIGTERM/SIGINT it stops taking jobs, lets running ones finish, then closes the database.
// Until the chat channels are wired in here, reminders are written to the log instead of sent.
import { closeDatabase, openDatabase } from './store/connection.js';
import { ensureIndexes, mongoCaseServices } from './store/mongo-case-services.js';
import type { ReminderSender } from './scheduling/reminder-sender.js';
import { startScheduler } from './scheduling/scheduler.js';
import { schedulingSettingsSchema } from './scheduling/scheduling-settings.js';

const log = (message: string, detail?: Record<string, unknown>) => process.stdout.write(`${JSON.stringify({ at: new Date().toISOString(), message, ...detail })}\n`);

const uri = process.env.MONGODB_URI;
if (!uri) {
  process.stderr.write('worker: MONGODB_URI is not set\n');
  process.exit(1);
}
const parsed = schedulingSettingsSchema.safeParse(process.env);
if (!parsed.success) {
  process.stderr.write(`worker: bad settings: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}\n`);
  process.exit(1);
}

const loggingSender: ReminderSender = {
  async send(personIds, text, caseId) {
    log('reminder (no chat channel configured)', { personIds, caseId, text });
    return { delivered: personIds, unreachable: [] };
  },
};

const connection = await openDatabase(uri);
await ensureIndexes(connection);
const services = { ...mongoCaseServices(connection, { caseChanged: async () => {} }), log };
const scheduler = await startScheduler({ connection, services, sender: loggingSender, settings: parsed.data, log });
log('worker started');

let stopping = false;
async function shutdown(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log('worker stopping: draining running jobs', { signal });
  await scheduler.stop();
  await closeDatabase(connection);
  log('worker stopped');
}
process.on('SIGTERM', () => void shutdown('SIGTERM'));
process.on('SIGINT', () => void shutdown('SIGINT'));
