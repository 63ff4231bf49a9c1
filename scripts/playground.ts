import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseDirectoryCsv } from '../src/directory/directory-csv.js';
import { DEMO_DIRECTORY_FILE } from '../src/demo/demo-directory.js';
import { PlaygroundConfigError, playgroundConfig, playgroundConfigText } from '../src/demo/playground-config.js';

// `npm run playground [-- --as tom]`: the Microsoft 365 Agents Playground (a local, offline
// stand-in for Teams) against the bot of `npm start`, with the directory's people as its mock
// users. The Playground has one signed-in user per run, so switching user is a restart with
// another --as; each person keeps their own personal chat id, so the bot's stored conversation
// reference for them stays good.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    as: { type: 'string' },
    directory: { type: 'string', default: DEMO_DIRECTORY_FILE },
    endpoint: { type: 'string', default: 'http://localhost:3978/api/messages' },
    port: { type: 'string', default: '56150' },
    'no-browser': { type: 'boolean', default: false },
    'work-dir': { type: 'string', default: join(root, '.data', 'playground') },
  },
});

async function main(): Promise<void> {
  const directory = resolve(values.directory);
  const parsed = await parseDirectoryCsv(readFileSync(directory));
  const config = playgroundConfig(parsed.rows, values.as);

  // Its config, log and recordings live beside the local database, out of the repository.
  const workDir = resolve(values['work-dir']);
  mkdirSync(workDir, { recursive: true });
  const configFile = join(workDir, '.m365agentsplayground.yml');
  writeFileSync(configFile, playgroundConfigText(config, relative(root, directory)));

  const endpoint = values.endpoint;
  const health = new URL('/healthz', endpoint);
  const up = await fetch(health).then(
    (r) => r.ok,
    () => false,
  );
  if (!up)
    process.stdout.write(
      `The bot does not answer at ${health.href} yet: run \`npm start\` in another terminal (the Playground waits for it).\n`,
    );

  const others = config.users.map((u) => `${u.givenName.toLowerCase()}`).join(', ');
  process.stdout.write(
    [
      `Agents Playground as ${config.currentUser.name} <${config.currentUser.email}>, bot at ${endpoint}.`,
      `Open http://localhost:${values.port} and type "help", "report", "cases" or "approvals".`,
      `Switch user: stop it (Ctrl+C) and run \`npm run playground -- --as <name>\`, one of: ${others}.`,
      '',
    ].join('\n'),
  );

  const require = createRequire(import.meta.url);
  const cli = join(dirname(require.resolve('@microsoft/m365agentsplayground/package.json')), 'cli.js');
  const child = spawn(
    process.execPath,
    [cli, '--app-endpoint', endpoint, '--channel-id', 'msteams', '--port', values.port, '--disable-telemetry'],
    {
      cwd: workDir,
      stdio: 'inherit',
      env: {
        ...process.env,
        M365_AGENTS_PLAYGROUND_CONFIG_PATH: configFile,
        M365_AGENTS_PLAYGROUND_LOGFILE: join(workDir, 'm365agentsplayground.log'),
        BOT_ENDPOINT: endpoint,
        ...(values['no-browser'] ? { TEAMSAPPTESTER_BROWSER: 'none' } : {}),
      },
    },
  );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

main().catch((error: unknown) => {
  process.stderr.write(
    `npm run playground: ${error instanceof PlaygroundConfigError || error instanceof Error ? error.message : String(error)}\n`,
  );
  process.exit(1);
});
