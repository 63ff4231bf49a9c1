import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

// The layers of docs/architecture.md, checked on the import statements themselves (type imports
// included): the policy and the workflow are pure (they import no database, chat SDK, scheduler,
// file system or network, and nothing from the layers that do); the use cases in src/app know no
// channel, store or database; channels and store do not know each other; and no folder of src
// (nor jobs/) depends on itself through others, nor does any file.

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
    const target = relative(root, resolve(dirname(file), specifier))
      .split(sep)
      .join('/');
    const layer = FORBIDDEN_LAYERS.find(
      (l) => target === l || target.startsWith(`${l}/`) || target.startsWith(`${l}.`),
    );
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

// ---- layers of the outer ring --------------------------------------------------------------

/** Where a relative import from `file` lands, as a path from the root ("src/store/x.js"). */
function target(file: string, specifier: string): string {
  return relative(root, resolve(dirname(file), specifier))
    .split(sep)
    .join('/');
}

const reaches = (path: string, folder: string) =>
  path === folder || path.startsWith(`${folder}/`) || path.startsWith(`${folder}.`);

const LAYER_RULES: { folder: string; forbidden: string[]; packages?: RegExp }[] = [
  { folder: 'src/app', forbidden: ['src/channels', 'src/store'], packages: /^(mongoose|mongodb)(\/|$)/ },
  { folder: 'src/channels', forbidden: ['src/store'] },
  { folder: 'src/store', forbidden: ['src/channels'] },
];

function layerViolations(file: string, source: string, rule: (typeof LAYER_RULES)[number]): string[] {
  return specifiers(source).flatMap((s) => {
    if (s.startsWith('.')) {
      const to = target(file, s);
      const layer = rule.forbidden.find((f) => reaches(to, f));
      return layer ? [`${relative(root, file)}: ${s} (reaches ${layer})`] : [];
    }
    return rule.packages?.test(s) ? [`${relative(root, file)}: ${s}`] : [];
  });
}

describe('the outer ring keeps its layers', () => {
  test.each(LAYER_RULES)('$folder imports none of $forbidden', (rule) => {
    const files = sourceFiles(rule.folder);
    expect(files.length).toBeGreaterThan(0);
    expect(files.flatMap((f) => layerViolations(f, readFileSync(f, 'utf8'), rule))).toEqual([]);
  });

  test('the check flags a use case that reaches the store or mongoose, and a channel that reaches the store', () => {
    const [app, channels] = LAYER_RULES;
    const useCase = join(root, 'src/app/example.ts');
    expect(layerViolations(useCase, "import { CaseModel } from '../store/case.model.js';", app!)).toHaveLength(1);
    expect(layerViolations(useCase, "import type { Connection } from 'mongoose';", app!)).toHaveLength(1);
    expect(layerViolations(useCase, "import { slack } from './../channels/slack/slack-app.js';", app!)).toHaveLength(1);
    expect(
      layerViolations(join(root, 'src/channels/teams/x.ts'), "import { x } from '../../store/index.js';", channels!),
    ).toHaveLength(1);
    expect(layerViolations(useCase, "import { decide } from '../cases/index.js';", app!)).toEqual([]);
  });
});

// ---- no cycles -----------------------------------------------------------------------------

/** The strongly connected components with more than one member (Tarjan): each is a cycle. */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return found;
}

/** A folder of src (src/app, src/store …; files directly in src are "src"), or jobs. */
function folderOf(path: string): string {
  const parts = path.split('/');
  return parts[0] === 'src' && parts.length > 2 ? `src/${parts[1]}` : parts[0] === 'src' ? 'src' : parts[0]!;
}

function importGraphs(): { files: Map<string, Set<string>>; folders: Map<string, Set<string>> } {
  const files = new Map<string, Set<string>>();
  const folders = new Map<string, Set<string>>();
  for (const file of [...sourceFiles('src'), ...sourceFiles('jobs')]) {
    const from = relative(root, file).split(sep).join('/');
    const to = specifiers(readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => target(file, s).replace(/\.js$/, '.ts'))
      .filter((t) => t.startsWith('src/') || t.startsWith('jobs/'));
    files.set(from, new Set(to));
    const a = folderOf(from);
    if (!folders.has(a)) folders.set(a, new Set());
    for (const t of to) if (folderOf(t) !== a) folders.get(a)!.add(folderOf(t));
  }
  return { files, folders };
}

describe('no import cycles (type imports included, which lint does not see)', () => {
  const graphs = importGraphs();

  test('between the folders of src and jobs/', () => {
    expect(graphs.folders.size).toBeGreaterThan(10);
    expect(cycles(graphs.folders)).toEqual([]);
  });

  test('between files', () => {
    expect(cycles(graphs.files)).toEqual([]);
  });

  test('the cycle finder finds a cycle of three and ignores a chain', () => {
    const graph = new Map([
      ['a', new Set(['b'])],
      ['b', new Set(['c'])],
      ['c', new Set(['a', 'd'])],
      ['d', new Set<string>()],
    ]);
    expect(cycles(graph)).toEqual([['a', 'b', 'c']]);
    expect(
      cycles(
        new Map([
          ['a', new Set(['b'])],
          ['b', new Set<string>()],
        ]),
      ),
    ).toEqual([]);
  });
});
