import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../src/paths/project-root.js';

// Issue 13 §5: production runs what was built, installed without development dependencies
// (`npm ci --omit=dev`). So no build or test tool is a production dependency, and no module that
// production loads imports a development dependency statically (the local database's mongod path
// loads mongodb-memory-server-core with import(), only for `npm start` without MONGODB_URI).

const root = projectRoot();
const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  scripts: Record<string, string>;
};

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(path.join(dir, e.name)) : /\.ts$/.test(e.name) ? [path.join(dir, e.name)] : [],
  );
}

const packageOf = (specifier: string) =>
  specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;

test('build and test tools are development dependencies', () => {
  for (const tool of ['tsx', 'typescript', 'mongodb-memory-server-core', 'jest', 'nock', 'eslint'])
    expect([tool, tool in pkg.dependencies]).toEqual([tool, false]);
  expect(Object.keys(pkg.dependencies).filter((d) => d.startsWith('@types/'))).toEqual([]);
  expect(pkg.scripts.build).toBe('tsc -p tsconfig.build.json');
  expect(pkg.scripts['start:production']).toBe('node dist/src/main.js');
  expect(pkg.scripts['worker:production']).toBe('node dist/src/worker.js');
});

test('no production module imports a development dependency statically', () => {
  const dev = new Set(Object.keys(pkg.devDependencies));
  const offenders: string[] = [];
  for (const file of [...sources('src'), ...sources('jobs'), ...sources('adaptive-cards')]) {
    const text = readFileSync(path.join(root, file), 'utf8');
    for (const match of text.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]/gm)) {
      const specifier = match[1]!;
      if (!specifier.startsWith('.') && !specifier.startsWith('node:') && dev.has(packageOf(specifier)))
        offenders.push(`${file}: ${specifier}`);
    }
  }
  expect(offenders).toEqual([]);
});
