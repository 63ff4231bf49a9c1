import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { projectRoot } from '../../src/paths/project-root.js';

// Drives the real Microsoft 365 Agents Playground (started by `npm run playground`) over the HTTP
// API its own web page uses: /_conversation/v1/... to type a message or click an Action.Execute
// button as the signed-in mock user. What the bot sends back is read from the Playground's log
// file, where it records every message it receives while no browser is attached.

export interface PlaygroundCard {
  messageId: string;
  card: Record<string, unknown>;
}

export interface BotMessage {
  messageId: string;
  text?: string;
  attachments?: { contentType: string; content: Record<string, unknown> }[];
}

export class PlaygroundDriver {
  private child: ChildProcess | null = null;
  private out = '';
  port = 0;
  user = { id: '', conversationId: '' };

  constructor(
    private readonly endpoint: string,
    private readonly workDir: string,
  ) {}

  private get logFile(): string {
    return path.join(this.workDir, 'm365agentsplayground.log');
  }

  /** `npm run playground -- --as <who>`; resolves once it listens and has connected to the bot. */
  async start(who: string, port: number): Promise<void> {
    this.out = '';
    this.child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(projectRoot(), 'scripts/playground.ts'),
        '--as',
        who,
        '--port',
        String(port),
        '--endpoint',
        this.endpoint,
        '--work-dir',
        this.workDir,
        '--no-browser',
      ],
      {
        cwd: projectRoot(),
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    this.child.stdout!.on('data', (c: Buffer) => (this.out += c.toString('utf8')));
    this.child.stderr!.on('data', (c: Buffer) => (this.out += c.toString('utf8')));
    const deadline = Date.now() + 45_000;
    let listening: RegExpExecArray | null = null;
    while (!(listening = /Listening on (\d+)/.exec(this.out))) {
      if (this.child.exitCode !== null || Date.now() > deadline)
        throw new Error(`the Playground did not start:\n${this.out}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    this.port = Number(listening[1]);
    // The page's first call: it waits for the bot's endpoint, then answers with the mock tenant.
    const config = (await (await fetch(`${this.base}/_internal/v1/config`)).json()) as {
      config: { currentUser: { id: string }; personalChat: { id: string } };
    };
    this.user = { id: config.config.currentUser.id, conversationId: config.config.personalChat.id };
  }

  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async config(): Promise<{
    config: { currentUser: { name: string; aadObjectId: string }; users: { name: string; aadObjectId: string }[] };
  }> {
    return (await (await fetch(`${this.base}/_internal/v1/config`)).json()) as never;
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }

  /** Every message the bot has sent to the Playground so far (in this work dir's log). */
  async botMessages(): Promise<BotMessage[]> {
    const text = await readFile(this.logFile, 'utf8').catch(() => '');
    const messages: BotMessage[] = [];
    for (const line of text.split('\n')) {
      const at = line.indexOf('{"action":"createMessage"');
      if (at < 0) continue;
      const entry = JSON.parse(line.slice(at)) as { message: BotMessage & { from: { id: string } } };
      if (entry.message.from.id.startsWith('28:')) messages.push(entry.message);
    }
    return messages;
  }

  /** Types `text` in the personal chat and waits for the bot's answers to it. */
  async say(text: string, answers = 1): Promise<BotMessage[]> {
    const before = (await this.botMessages()).length;
    const res = await fetch(
      `${this.base}/_conversation/v1/conversations/${encodeURIComponent(this.user.conversationId)}/messages`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ from: { id: this.user.id }, text, textFormat: 'plain' }),
      },
    );
    if (!res.ok) throw new Error(`the Playground refused the message: ${res.status} ${await res.text()}`);
    const deadline = Date.now() + 20_000;
    for (;;) {
      const all = await this.botMessages();
      if (all.length >= before + answers) return all.slice(before);
      if (Date.now() > deadline) throw new Error(`no answer to "${text}" from the bot`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Clicks an Action.Execute button of the card in message `replyToId`; returns the card the bot answers with. */
  async execute(replyToId: string, verb: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    const res = await fetch(`${this.base}/_conversation/v1/invoke`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        name: 'adaptiveCard/action',
        from: { id: this.user.id },
        conversation: { id: this.user.conversationId },
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      }),
    });
    const body = (await res.json()) as { type?: string; value?: Record<string, unknown> };
    if (!res.ok || body.type !== 'application/vnd.microsoft.card.adaptive' || !body.value)
      throw new Error(`invoke ${verb}: ${res.status} ${JSON.stringify(body)}`);
    return body.value;
  }
}

/** Every element of a card (depth first), to find inputs and actions by what they are. */
export function elements(node: unknown, found: Record<string, unknown>[] = []): Record<string, unknown>[] {
  if (Array.isArray(node)) for (const n of node) elements(n, found);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record.type === 'string') found.push(record);
    for (const value of Object.values(record)) elements(value, found);
  }
  return found;
}

export const actionsOf = (card: unknown) =>
  elements(card).filter((e) => e.type === 'Action.Execute') as {
    title: string;
    verb: string;
    data?: Record<string, unknown>;
  }[];
export const inputIds = (card: unknown) =>
  elements(card)
    .filter((e) => String(e.type).startsWith('Input.'))
    .map((e) => String(e.id));
export const texts = (card: unknown) =>
  elements(card)
    .filter((e) => e.type === 'TextBlock' || e.type === 'TextRun')
    .map((e) => String(e.text));
