import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import { LETTER_KINDS, type LetterKind } from '../policy/index.js';
import { projectRoot } from '../paths/project-root.js';
import { listText, type LetterModel } from './letter-model.js';

// The letter templates, one folder per version (templates/v1/<kind>.hbs plus partials/). A stored
// letter records the version it was rendered with; a wording change is a new folder, so an old
// letter can still be rendered again exactly as it was sent.

/** Beside this file from src/ (tsx, Jest); from the project's src/ when run from dist/. */
function templatesRoot(): string {
  const here = fileURLToPath(new URL('./templates', import.meta.url));
  return existsSync(here) ? here : path.join(projectRoot(), 'src', 'letters', 'templates');
}

export type LetterTemplate = (model: LetterModel) => string;

export interface TemplateSet {
  version: string;
  render(model: LetterModel): string;
}

const cache = new Map<string, TemplateSet>();

/** Compiles one version's templates in an isolated Handlebars environment (its own partials). */
export function letterTemplates(version: string): TemplateSet {
  const cached = cache.get(version);
  if (cached) return cached;
  if (!/^v\d+$/.test(version)) throw new Error(`Unknown letter template version "${version}"`);
  const dir = path.join(templatesRoot(), version);
  if (!existsSync(dir)) throw new Error(`No letter templates for version ${version} in ${dir}`);
  const hb = Handlebars.create();
  hb.registerHelper('list', (items: unknown) => (Array.isArray(items) ? listText(items.map(String)) : ''));
  hb.registerHelper('join', (items: unknown, separator: unknown) =>
    Array.isArray(items) ? items.map(String).join(typeof separator === 'string' ? separator : ', ') : '',
  );
  hb.registerHelper('eq', (a: unknown, b: unknown) => a === b);
  const partials = path.join(dir, 'partials');
  for (const file of readdirSync(partials).filter((f) => f.endsWith('.hbs'))) {
    hb.registerPartial(
      file.slice(0, -4),
      hb.compile(readFileSync(path.join(partials, file), 'utf8'), { noEscape: true }),
    );
  }
  // Letters are not HTML: nothing is entity-escaped. Values reach templates on one line
  // (letter-model.ts), so they cannot add structure (letter-markup.ts).
  const templates = new Map<LetterKind, HandlebarsTemplateDelegate<LetterModel>>();
  for (const kind of LETTER_KINDS) {
    templates.set(
      kind,
      hb.compile<LetterModel>(readFileSync(path.join(dir, `${kind}.hbs`), 'utf8'), { noEscape: true }),
    );
  }
  const set: TemplateSet = {
    version,
    render(model) {
      const template = templates.get(model.kind);
      if (!template) throw new Error(`No ${version} template for ${model.kind} letters`);
      return template(model);
    },
  };
  cache.set(version, set);
  return set;
}
