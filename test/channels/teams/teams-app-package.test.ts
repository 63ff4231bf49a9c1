import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inflateRawSync } from 'node:zlib';
import Ajv04Module from 'ajv-draft-04';
import addFormatsModule from 'ajv-formats';
import { buildPackage, MANIFEST_DIR, pngInfo, renderManifest } from '../../../scripts/package-teams.js';
import { COMMANDS } from '../../../src/channels/teams/teams-text.js';

// The Teams app package, checked offline: the manifest against the v1.17 schema bundled in
// @microsoft/app-manifest, the icons by their PNG headers, and the zip by reading it back.
// The schema is compiled here with ajv-draft-04 (what the package itself validates with): the
// package's own loader pulls in an ES-only module that Jest cannot require on Node 20.
const require = createRequire(import.meta.url);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const APP_ID = '11111111-2222-3333-4444-555555555555';
const template = readFileSync(join(MANIFEST_DIR, 'manifest.json'), 'utf8');

function bundledSchema(version: string): object {
  const main = require.resolve('@microsoft/app-manifest');
  return JSON.parse(
    readFileSync(join(dirname(main), `json-schemas/teams/v${version}/MicrosoftTeams.schema.json`), 'utf8'),
  ) as object;
}

type Validator = ((data: unknown) => boolean) & { errors?: { instancePath: string; message?: string }[] | null };
const Ajv04 = Ajv04Module as unknown as new (options: object) => { compile(schema: object): Validator };
const addFormats = addFormatsModule as unknown as (ajv: unknown) => void;

function manifestErrors(manifest: unknown): string[] {
  const ajv = new Ajv04({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(bundledSchema('1.17'));
  return validate(manifest) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** Entries of a zip, read from its central directory. */
function unzip(buffer: Buffer): Map<string, Buffer> {
  const end = buffer.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  const count = buffer.readUInt16LE(end + 10);
  let at = buffer.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    const method = buffer.readUInt16LE(at + 10);
    const size = buffer.readUInt32LE(at + 20);
    const nameLength = buffer.readUInt16LE(at + 28);
    const extra = buffer.readUInt16LE(at + 30) + buffer.readUInt16LE(at + 32);
    const local = buffer.readUInt32LE(at + 42);
    const name = buffer.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + buffer.readUInt16LE(local + 26) + buffer.readUInt16LE(local + 28);
    const data = buffer.subarray(dataAt, dataAt + size);
    files.set(name, method === 8 ? inflateRawSync(data) : data);
    at += 46 + nameLength + extra;
  }
  return files;
}

describe('Teams manifest', () => {
  const manifest = renderManifest(template, APP_ID);

  test('is valid against the bundled schema of its manifest version', () => {
    expect(manifest.manifestVersion).toBe('1.17');
    expect(manifestErrors(manifest)).toEqual([]);
  });

  test('a misspelt property or an unfilled placeholder fails the same validation (the check is real)', () => {
    expect(manifestErrors({ ...manifest, acentColor: '#000000' })).not.toEqual([]);
    expect(manifestErrors(JSON.parse(template))).not.toEqual([]);
  });

  test('the bot works in personal chats (with the command list the bot answers) and can be added to a team for the digest', () => {
    const bots = manifest.bots as {
      botId: string;
      scopes: string[];
      commandLists: { scopes: string[]; commands: { title: string; description: string }[] }[];
    }[];
    expect(bots).toHaveLength(1);
    expect(bots[0]!.botId).toBe(APP_ID);
    expect(bots[0]!.scopes).toEqual(['personal', 'team']);
    expect(bots[0]!.commandLists.map((list) => list.scopes)).toEqual([['personal']]);
    expect(bots[0]!.commandLists[0]!.commands).toEqual(
      COMMANDS.map((c) => ({ title: c.command, description: c.description })),
    );
  });

  test('the app id placeholder is required to be a GUID', () => {
    expect(() => renderManifest(template, '')).toThrow(/GUID/);
    expect(template).toContain('{{MICROSOFT_APP_ID}}');
  });

  test('icons: colour 192×192, outline 32×32 with transparency', () => {
    expect(pngInfo(readFileSync(join(MANIFEST_DIR, 'color.png')))).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(pngInfo(readFileSync(join(MANIFEST_DIR, 'outline.png')))).toEqual({ width: 32, height: 32, colorType: 6 });
  });
});

describe('the app package', () => {
  test('holds the rendered manifest and both icons', () => {
    const files = unzip(buildPackage(APP_ID));
    expect([...files.keys()].sort()).toEqual(['color.png', 'manifest.json', 'outline.png']);
    expect(JSON.parse(files.get('manifest.json')!.toString('utf8')).id).toBe(APP_ID);
    expect(files.get('color.png')!.equals(readFileSync(join(root, 'manifest/teams/color.png')))).toBe(true);
  });
});
