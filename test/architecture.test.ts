import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// The policy and the workflow are pure (ARCHITECTURE.md "Decide, then do"): they import no
// database, chat SDK, scheduler, file system or network, and nothing from the layers that do.

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PURE_FOLDERS = ['src/policy', 'src/cases'];

const FORBIDDEN_PACKAGES: { pattern: RegExp; why: string }[] = [
  { pattern: /^mongoose(\/|$)/, why: 'database' },
  { pattern: /^mongodb(\/|$)/, why: 'database' },
  { pattern: /^@slack\//, why: 'Slack SDK' },
  { pattern: /^botbuilder/, why: 'Teams SDK' },
  { pattern: /^agenda(\/|$)/, why: 'scheduler' },
  { pattern: /^@agendajs\//, why: 'scheduler' },
  { pattern: /^(node:)?fs(\/|$)/, why: 'file system' },
  { pattern: /^(node:)?net$/, why: 'network' },
  { pattern: /^(node:)?https?$/, why: 'network' },
];
const FORBIDDEN_LAYERS = ['src/store', 'src/app', 'src/channels'];

function sourceFiles(folder: string): string[] {
  return readdirSync(join(root, folder), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(c|m)?tsx?$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** Every module specifier a file imports: static, re-exported, side-effect, dynamic import() and require(). */
function specifiers(source: string): string[] {
  return ts.preProcessFile(source, true, true).importedFiles.map((f) => f.fileName);
}

/** Why `specifier`, imported from `file`, is forbidden in a pure folder; null when it is allowed. */
function violation(file: string, specifier: string): string | null {
  if (specifier.startsWith('.')) {
    const target = relative(root, resolve(dirname(file), specifier)).split(sep).join('/');
    const layer = FORBIDDEN_LAYERS.find((l) => target === l || target.startsWith(`${l}/`) || target.startsWith(`${l}.`));
    return layer ? `${specifier} (reaches ${layer})` : null;
  }
  const rule = FORBIDDEN_PACKAGES.find((r) => r.pattern.test(specifier));
  return rule ? `${specifier} (${rule.why})` : null;
}

function violations(file: string, source: string): string[] {
  return specifiers(source).flatMap((s) => {
    const v = violation(file, s);
    return v ? [`${relative(root, file)}: ${v}`] : [];
  });
}

describe('src/policy and src/cases stay pure', () => {
  const files = PURE_FOLDERS.flatMap(sourceFiles);

  test('there are files to check in both folders', () => {
    for (const folder of PURE_FOLDERS) expect(files.some((f) => relative(root, f).startsWith(folder))).toBe(true);
  });

  test('no file imports a database, chat SDK, scheduler, file system, network, store, app or channel module', () => {
    expect(files.flatMap((f) => violations(f, readFileSync(f, 'utf8')))).toEqual([]);
  });
});

describe('the import check itself', () => {
  const file = join(root, 'src/cases/example.ts');

  test.each([
    "import mongoose from 'mongoose';",
    "import { MongoClient } from 'mongodb';",
    "import { App } from '@slack/bolt';",
    "import type { WebClient } from '@slack/web-api';",
    "import { ActivityHandler } from 'botbuilder';",
    "import { TeamsInfo } from 'botbuilder-core';",
    "import { Agenda } from 'agenda';",
    "import { MongoBackend } from '@agendajs/mongo-backend';",
    "import { readFileSync } from 'node:fs';",
    "import { readFile } from 'node:fs/promises';",
    "import * as fs from 'fs';",
    "import { createServer } from 'node:net';",
    "import { request } from 'node:http';",
    "import { request } from 'https';",
    "import { CaseModel } from '../store/case.model.js';",
    "import { saveCase } from '../app/save-case.js';",
    "import { slack } from '../channels/slack/index.js';",
    "import { x } from '../../src/store/index.js';",
    "export { x } from '../store/index.js';",
    "import '../app/side-effect.js';",
    "const m = await import('mongoose');",
    "const fs = require('node:fs');",
  ])('flags %s', (line) => {
    expect(violations(file, line)).toHaveLength(1);
  });

  test.each([
    "import { z } from 'zod';",
    "import { TRANSITIONS } from '../policy/index.js';",
    "import type { Case } from './case.types.js';",
    "import { join } from 'node:path';",
    "import { storeOpeningHours } from './store-hours.js';",
  ])('allows %s', (line) => {
    expect(violations(file, line)).toEqual([]);
  });
});
