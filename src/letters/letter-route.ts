import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { caseAccess } from '../cases/index.js';
import type { CaseRepository } from '../app/ports.js';
import { resolveActor } from '../app/resolve-actor.js';
import type { PersonRepository } from '../directory/person.js';
import type { CaseViewLog } from '../reports/ports.js';
import { LETTERS_PATH, type LetterLinks } from './letter-links.js';
import type { LetterService } from './letter-service.js';
import { isLinkPreviewBot } from './link-preview-bots.js';
import { errorMessage, type Log } from '../logging/log.js';

// GET /letters/<token>: the PDF a letter link in chat points at. The token says who may open it
// and until when; the case is then loaded and the person's access checked again, because access
// can end after the link was drawn (a deputy's period ends, someone leaves the directory).
// 403: forged or expired link. 404: no such case or letter, or the person may no longer see it
// (the same answer, so a link reveals nothing about a case one may not see). 410: the proposal
// the preview was drawn for has since been decided or changed. HEAD requests and link-preview bots
// (Slack's and Teams' unfurlers) get a short note instead: never the PDF, and no recorded view.

export interface LetterRouteDeps {
  links: LetterLinks;
  letters: LetterService;
  cases: Pick<CaseRepository, 'findById'>;
  people: PersonRepository;
  views?: CaseViewLog;
  clock: () => Date;
  log?: Log;
}

const text = (response: ServerResponse, status: number, body: string) => {
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(body);
};

export function letterRoute(deps: LetterRouteDeps): RequestListener {
  return (request, response) => {
    serveLetter(deps, request, response).catch((error: unknown) => {
      deps.log?.('letter route failed', { error: errorMessage(error) });
      if (!response.headersSent) text(response, 500, 'The letter could not be produced. Please try again.');
    });
  };
}

async function serveLetter(deps: LetterRouteDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.setHeader('allow', 'GET, HEAD');
    text(response, 405, 'Method not allowed');
    return;
  }
  if (request.method === 'HEAD' || isLinkPreviewBot(request)) {
    response.writeHead(200, {
      'content-type': 'text/plain; charset=utf-8',
      'cache-control': 'no-store',
      'x-robots-tag': 'noindex, nofollow',
    });
    response.end(
      request.method === 'HEAD' ? undefined : 'A Limited Contact letter. Open the link in a browser to read it.',
    );
    return;
  }
  const path = (request.url ?? '').split('?')[0] ?? '';
  const token = path.startsWith(LETTERS_PATH) ? path.slice(LETTERS_PATH.length) : '';
  const check = deps.links.verify(token);
  if (!check.ok) {
    text(
      response,
      403,
      check.code === 'LETTER_LINK.EXPIRED'
        ? 'This letter link has expired. Open the case in Slack or Teams again for a new link.'
        : 'This letter link is not valid.',
    );
    return;
  }
  const { caseId, personId, target } = check.claims;
  const now = deps.clock();
  const [kase, actor] = await Promise.all([deps.cases.findById(caseId), resolveActor(deps.people, personId, now)]);
  if (!kase || !actor || caseAccess(kase, actor) !== 'full') {
    text(response, 404, 'Not found');
    return;
  }

  let bytes: Buffer | null = null;
  let filename = '';
  let via = '';
  if (target.kind === 'preview') {
    const preview = kase.version === target.version ? await deps.letters.preview(kase) : null;
    if (!preview) {
      text(
        response,
        410,
        'This proposal has been decided or changed since the link was drawn. Open the case again for the letter as it stands.',
      );
      return;
    }
    bytes = preview.bytes;
    filename = `${kase.number}-preview-${preview.model.kind.replaceAll('_', '-')}.pdf`;
    via = `letter:preview:${preview.model.kind}:v${kase.version}`;
  } else {
    const stored = target.index < kase.letters.length ? await deps.letters.ensure(kase.id, target.index) : null;
    bytes = stored ? await deps.letters.archive.bytes(kase.id, target.index) : null;
    if (!stored || !bytes) {
      text(response, 404, 'Not found');
      return;
    }
    filename = stored.filename;
    via = `letter:${stored.index}:${stored.kind}`;
  }
  await deps.views?.record({
    caseId: kase.id,
    caseNumber: kase.number,
    personId: actor.personId,
    name: actor.name,
    via,
    at: now.toISOString(),
  });
  response.writeHead(200, {
    'content-type': 'application/pdf',
    'content-length': String(bytes.length),
    'content-disposition': `inline; filename="${filename}"`,
    'cache-control': 'private, no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(bytes);
}
