import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Golden files for Block Kit views: `UPDATE_GOLDEN=1 npm test -- test/channels/slack/views`
// rewrites them; otherwise each view must equal its committed file. Review the diff like code.
const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '__golden__');

export function expectGolden(name: string, value: unknown): void {
  const file = join(GOLDEN_DIR, `${name}.json`);
  const actual: unknown = JSON.parse(JSON.stringify(value));
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, `${JSON.stringify(actual, null, 2)}\n`);
    return;
  }
  if (!existsSync(file))
    throw new Error(`No golden file ${file}: run the tests with UPDATE_GOLDEN=1 to write it, then review it`);
  expect(actual).toEqual(JSON.parse(readFileSync(file, 'utf8')));
}
