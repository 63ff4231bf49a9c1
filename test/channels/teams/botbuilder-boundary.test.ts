import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// Every botbuilder import stays in src/channels/teams (and its tests), so that moving to the
// Microsoft 365 Agents SDK touches only that folder.
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const ALLOWED = ['src/channels/teams/', 'test/channels/teams/'];
const SCANNED = ['src', 'test', 'adaptive-cards', 'jobs', 'scripts'];
const BOTBUILDER = /^(botbuilder|botframework-)/;

function sourceFiles(folder: string): string[] {
  try {
    return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
      .filter((e) => e.isFile() && /\.(c|m)?[jt]sx?$/.test(e.name))
      .map((e) => join(e.parentPath, e.name));
  } catch {
    return [];
  }
}

export function botbuilderImports(source: string): string[] {
  return ts
    .preProcessFile(source, true, true)
    .importedFiles.map((f) => f.fileName)
    .filter((s) => BOTBUILDER.test(s));
}

describe('botbuilder stays inside src/channels/teams', () => {
  test('no file outside the Teams folders imports botbuilder or botframework-*', () => {
    const offenders = SCANNED.flatMap(sourceFiles)
      .map((f) => relative(root, f).split(sep).join('/'))
      .filter((f) => !ALLOWED.some((a) => f.startsWith(a)))
      .flatMap((f) => botbuilderImports(readFileSync(join(root, f), 'utf8')).map((s) => `${f}: ${s}`));
    expect(offenders).toEqual([]);
  });

  test('the Teams folder does import it (the check sees real imports)', () => {
    expect(botbuilderImports(readFileSync(join(root, 'src/channels/teams/teams-endpoint.ts'), 'utf8'))).toContain(
      'botbuilder',
    );
  });

  test.each([
    "import { CloudAdapter } from 'botbuilder';",
    "import type { Activity } from 'botframework-schema';",
    "const b = await import('botbuilder-core');",
    "export { TurnContext } from 'botbuilder';",
  ])('flags %s', (line) => {
    expect(botbuilderImports(line)).toHaveLength(1);
  });
});
