import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { MongoPersonRepository } from '../../src/store/mongo-person.repository.js';
import { openTestDatabase, type TestDatabase } from '../support/database/test-database.js';
import { runLcp } from '../support/run-lcp.js';
import { FakeSlackApi } from '../channels/slack/fake-slack-api.js';

// Issue 11 §4, leavers and delegation limits for operators: `lcp directory import FILE --prune`
// (with --dry-run), `lcp person deactivate EMAIL`, `lcp delegations` and `lcp delegations end`.

let db: TestDatabase;
let dir: string;
let demo: string;

beforeEach(async () => {
  db = await openTestDatabase();
  dir = await mkdtemp(path.join(tmpdir(), 'lcp-leavers-'));
  demo = path.join(dir, 'people.csv');
  await copyFile(path.join(process.cwd(), 'test/fixtures/directory/demo-directory.csv'), demo);
  expect((await runLcp(['directory', 'import', demo], { MONGODB_URI: db.uri })).code).toBe(0);
});
afterEach(async () => {
  await db.close();
  await rm(dir, { recursive: true, force: true });
});

/** The demo file without Hannah Clarke (the customer experience manager), who left. */
async function withoutHannah(): Promise<string> {
  const file = path.join(dir, 'people-after.csv');
  const lines = (await readFile(demo, 'utf8')).split('\n').filter((l) => !l.startsWith('hannah.clarke@'));
  await writeFile(file, lines.join('\n'));
  return file;
}

test('--prune --dry-run lists who would lose what and changes nothing; --prune deactivates them', async () => {
  const file = await withoutHannah();
  const people = new MongoPersonRepository(db.connection);
  const dry = await runLcp(['directory', 'import', file, '--prune', '--dry-run'], { MONGODB_URI: db.uri });
  expect(dry.code).toBe(0);
  expect(dry.stdout).toContain('Dry run: nothing changed. 1 person missing');
  expect(dry.stdout).toContain('hannah.clarke@example.org (Hannah Clarke): loses customer_experience_manager');
  expect((await people.findByEmail('hannah.clarke@example.org'))!.roles).toContain('customer_experience_manager');

  const pruned = await runLcp(['directory', 'import', file, '--prune'], { MONGODB_URI: db.uri });
  expect(pruned.code).toBe(0);
  expect(pruned.stdout).toContain('Pruned 1 person missing from the file');
  const hannah = (await people.findByEmail('hannah.clarke@example.org'))!;
  expect(hannah.roles).toEqual(['colleague']);
  expect(hannah.deactivatedAt).toBeInstanceOf(Date);
  expect(await people.findByRole('customer_experience_manager')).toEqual([]);
});

test('--dry-run without --prune, and a prune from a file that is not a directory, are refused', async () => {
  expect((await runLcp(['directory', 'import', demo, '--dry-run'], { MONGODB_URI: db.uri })).stderr).toBe(
    'lcp: --dry-run goes with --prune\n',
  );
  const junk = path.join(dir, 'junk.csv');
  await writeFile(junk, 'not,a,directory\n1,2,3\n');
  const run = await runLcp(['directory', 'import', junk, '--prune'], { MONGODB_URI: db.uri });
  expect(run.code).toBe(1);
  expect(run.stderr).toContain('nobody pruned');
  expect((await new MongoPersonRepository(db.connection).findByRole('customer_experience_manager')).length).toBe(1);
});

test('lcp person deactivate: a leaver loses roles and delegations; an unknown e-mail is named', async () => {
  const people = new MongoPersonRepository(db.connection);
  const tom = (await people.findByEmail('tom.fletcher@example.org'))!;
  const aisha = (await people.findByEmail('aisha.begum@example.org'))!;
  await people.setDeputy(tom.id, {
    deputyPersonId: aisha.id,
    from: new Date(Date.now() - 60_000),
    until: new Date(Date.now() + 5 * 86_400_000),
  });
  const run = await runLcp(['person', 'deactivate', 'Tom.Fletcher@example.org'], { MONGODB_URI: db.uri });
  expect(run).toEqual({
    code: 0,
    stdout: 'Deactivated tom.fletcher@example.org (Tom Fletcher): loses line_manager; 1 delegation(s) end\n',
    stderr: '',
  });
  const after = (await people.findByEmail('tom.fletcher@example.org'))!;
  expect(after.roles).toEqual(['colleague']);
  expect(await people.principalsDeputisedBy(aisha.id, new Date())).toEqual([]);
  const unknown = await runLcp(['person', 'deactivate', 'nobody@example.org'], { MONGODB_URI: db.uri });
  expect(unknown).toEqual({ code: 1, stdout: '', stderr: 'lcp: nobody@example.org is not in the directory\n' });
});

test('lcp delegations lists the running ones; an administrator ends one', async () => {
  const people = new MongoPersonRepository(db.connection);
  const priya = (await people.findByEmail('priya.raman@example.org'))!;
  const daniel = (await people.findByEmail('daniel.okafor@example.org'))!;
  await people.setDeputy(priya.id, {
    deputyPersonId: daniel.id,
    from: new Date(Date.now() - 60_000),
    until: new Date(Date.now() + 7 * 86_400_000),
  });
  const list = await runLcp(['delegations'], { MONGODB_URI: db.uri });
  expect(list.code).toBe(0);
  expect(list.stdout).toMatch(
    /^priya\.raman@example\.org -> daniel\.okafor@example\.org: .* to .*\n1 delegation\(s\)\n$/,
  );

  const end = await runLcp(['delegations', 'end', 'priya.raman@example.org', 'daniel.okafor@example.org'], {
    MONGODB_URI: db.uri,
  });
  expect(end).toEqual({
    code: 0,
    stdout: 'Ended: daniel.okafor@example.org no longer decides for priya.raman@example.org\n',
    stderr: '',
  });
  expect(await people.principalsDeputisedBy(daniel.id, new Date())).toEqual([]);
  expect((await runLcp(['delegations'], { MONGODB_URI: db.uri })).stdout).toBe('0 delegation(s)\n');
  const again = await runLcp(['delegations', 'end', 'priya.raman@example.org', 'daniel.okafor@example.org'], {
    MONGODB_URI: db.uri,
  });
  expect(again.stderr).toBe('lcp: daniel.okafor@example.org is not a deputy of priya.raman@example.org now\n');
});

test('lcp delegations end tells the principal, the deputy and the admins in chat, as naming a deputy does', async () => {
  const slack = new FakeSlackApi();
  const apiUrl = await slack.start();
  try {
    const people = new MongoPersonRepository(db.connection);
    const priya = (await people.findByEmail('priya.raman@example.org'))!;
    const daniel = (await people.findByEmail('daniel.okafor@example.org'))!;
    const admins = await people.findByRole('admin');
    await people.setDeputy(priya.id, {
      deputyPersonId: daniel.id,
      from: new Date(Date.now() - 60_000),
      until: new Date(Date.now() + 7 * 86_400_000),
    });
    const end = await runLcp(['delegations', 'end', 'priya.raman@example.org', 'daniel.okafor@example.org'], {
      MONGODB_URI: db.uri,
      SLACK_SIGNING_SECRET: 'cli-secret',
      SLACK_BOT_TOKEN: 'xoxb-cli',
      SLACK_API_URL: apiUrl,
    });
    expect(end).toMatchObject({ code: 0, stderr: '' });
    const told = (slackId: string | null) => slack.posts(slackId!).map((c) => String(c.args.text));
    for (const person of [priya, daniel, ...admins.filter((a) => a.slackUserId)])
      expect(told(person.slackUserId)).toEqual([
        "Daniel Okafor is no longer deputy for Priya Raman: an administrator ended the delegation. Priya Raman's decisions are their own again.",
      ]);
  } finally {
    await slack.stop();
  }
});
