import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadSettings } from '../../src/config.js';
import { DEMO_DIRECTORY_FILE } from '../../src/demo/demo-directory.js';
import { importDirectory } from '../../src/directory/import-directory.js';
import { findFreePort } from '../../src/local-database/free-port.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { createHttpServer } from '../../src/server.js';
import { MongoDirectoryImportLog } from '../../src/store/directory-import.model.js';
import { MongoPersonRepository } from '../../src/store/mongo-person.repository.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { actionsOf, inputIds, PlaygroundDriver, texts } from './playground-driver.js';

// The demo as a newcomer plays it: the bot with the demo directory and Teams unauthenticated, and
// the real Agents Playground (`npm run playground -- --as <name>`), restarted as each person in
// turn, from Aisha's report through the four tiers to an issued warning.

const TIMEOUT_MS = 240_000;

let db: TestDatabase;
let runtime: Runtime;
let server: Server;
let workDir: string;
let playground: PlaygroundDriver;

beforeAll(async () => {
  db = await openTestDatabase();
  runtime = await createRuntime({
    connection: db.connection,
    settings: loadSettings({}),
    log: () => {},
    scheduler: false,
  });
  await importDirectory(
    { people: new MongoPersonRepository(db.connection), imports: new MongoDirectoryImportLog(db.connection) },
    { source: createReadStream(DEMO_DIRECTORY_FILE), fileName: 'people.csv', operator: 'test' },
  );
  server = createHttpServer({ ready: async () => true }, runtime.routes);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  workDir = await mkdtemp(path.join(tmpdir(), 'lcp-playground-'));
  playground = new PlaygroundDriver(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/messages`, workDir);
}, TIMEOUT_MS);

afterAll(async () => {
  await playground.stop();
  await runtime.stop();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await db.close();
  await rm(workDir, { recursive: true, force: true });
}, TIMEOUT_MS);

const REPORT = {
  customer_account_ref: 'ACC-2001',
  customer_name: 'Sam Sample',
  occurred_at__date: '2026-11-30',
  occurred_at__time: '10:15',
  channel: 'telephone',
  behaviours: 'abusive_behaviour:abusive_language',
  description: 'Shouted and swore at the colleague for ten minutes.',
  threatened_or_hurt: 'no',
  counter_allegation: 'no',
  resident_on_resident: 'no',
};

const TIERS: { who: string; action: string; values: Record<string, string>; then: string }[] = [
  {
    who: 'tom',
    action: 'escalate',
    values: {
      safe_to_continue: 'yes',
      support_offered: 'Debrief and a break',
      rationale: 'Third abusive call this month.',
    },
    then: 'cxm_review',
  },
  {
    who: 'hannah',
    action: 'escalate',
    values: { risk_assessment: 'not_needed', rationale: 'A pattern of abuse by telephone.' },
    then: 'chc_review',
  },
  {
    who: 'daniel',
    action: 'propose_warning',
    values: {
      complaint_reference: 'CMP-501',
      complaint_status: 'being_investigated',
      adjustments_considered: 'None recorded; none requested.',
      behaviours: 'abusive_behaviour:abusive_language',
      examples: 'Swore at a colleague on the telephone.',
      rationale: 'Continued despite informal words.',
    },
    then: 'edc_warning_approval',
  },
  {
    who: 'priya',
    action: 'approve_warning',
    values: { rationale: 'Proportionate and necessary.' },
    then: 'warning_issued',
  },
];

test(
  'the Agents Playground plays the demo through all four tiers, switching user between them',
  async () => {
    const port = await findFreePort();
    await playground.start('aisha', port);
    // Its mock tenant is the demo directory: the signed-in user and the five others are all people.
    const { config } = await playground.config();
    expect(config.currentUser.name).toBe('Aisha Begum');
    const people = new MongoPersonRepository(db.connection);
    for (const user of [config.currentUser, ...config.users])
      expect([user.name, (await people.findByTeamsAadObjectId(user.aadObjectId))?.name]).toEqual([
        user.name,
        user.name,
      ]);

    const [form] = await playground.say('report');
    const formCard = form!.attachments![0]!.content;
    expect(inputIds(formCard)).toEqual(expect.arrayContaining(Object.keys(REPORT)));
    const submit = actionsOf(formCard)[0]!;
    const thanks = await playground.execute(form!.messageId, submit.verb, { ...(submit.data ?? {}), ...REPORT });
    expect(texts(thanks)).toContain('Thank you. Your report is case LCP-2026-0001.');
    // Let the bot's messages to this user's chat arrive while it is still open.
    await runtime.notifier.idle();
    await playground.stop();

    for (const tier of TIERS) {
      await playground.start(tier.who, port);
      const [answer] = await playground.say('case LCP-2026-0001');
      const caseCard = answer!.attachments![0]!.content;
      const button = actionsOf(caseCard).find((a) => a.data?.action === tier.action);
      if (!button)
        throw new Error(
          `${tier.who} has no "${tier.action}" button: ${JSON.stringify(actionsOf(caseCard).map((a) => a.title))}`,
        );
      const decisionForm = await playground.execute(answer!.messageId, button.verb, button.data ?? {});
      const decide = actionsOf(decisionForm).find((a) => a.data?.action === tier.action) ?? actionsOf(decisionForm)[0]!;
      const outcome = await playground.execute(answer!.messageId, decide.verb, {
        ...(decide.data ?? {}),
        ...tier.values,
      });
      const [kase] = await runtime.services.cases.listByStates([tier.then as never]);
      if (!kase)
        throw new Error(
          `after ${tier.who}'s ${tier.action} the case is not in ${tier.then}: ${texts(outcome).join(' | ')}`,
        );
      await runtime.notifier.idle();
      await playground.stop();
    }

    const [issued] = await runtime.services.cases.listByStates(['warning_issued']);
    expect(issued!.letters.map((l) => l.kind)).toEqual(['warning']);
    const events = await runtime.services.cases.events(issued!.id);
    expect(events.map((e) => `${e.action} by ${e.actor.name}`)).toEqual([
      'report by Aisha Begum',
      'escalate by Tom Fletcher',
      'escalate by Hannah Clarke',
      'propose_warning by Daniel Okafor',
      'approve_warning by Priya Raman',
    ]);
  },
  TIMEOUT_MS,
);
