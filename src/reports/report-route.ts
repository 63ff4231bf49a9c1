import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { resolveActor } from '../app/resolve-actor.js';
import type { PersonRepository } from '../directory/person.js';
import { buildBoardReport } from './board-report.js';
import { boardReportCsv, boardReportPdf } from './board-report.export.js';
import type { ReportCaseSource } from './ports.js';
import { mayReadReports } from './report-access.js';
import { REPORTS_PATH, type ReportLinks } from './report-links.js';
import { errorMessage, type Log } from '../logging/log.js';

// GET /reports/<token>: the file a report link in chat points at, built when it is fetched.
// 403: forged or expired link, or the person no longer holds a role that may read reports.

export interface ReportRouteDeps {
  links: ReportLinks;
  source: ReportCaseSource;
  people: PersonRepository;
  organisation: string;
  clock: () => Date;
  log?: Log;
}

const text = (response: ServerResponse, status: number, body: string) =>
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', 'cache-control': 'no-store' }).end(body);

export function reportRoute(deps: ReportRouteDeps): RequestListener {
  return (request, response) => {
    serve(deps, request, response).catch((error: unknown) => {
      deps.log?.('report route failed', { error: errorMessage(error) });
      if (!response.headersSent) text(response, 500, 'The report could not be produced. Please try again.');
    });
  };
}

async function serve(deps: ReportRouteDeps, request: IncomingMessage, response: ServerResponse): Promise<void> {
  if (request.method !== 'GET') {
    response.setHeader('allow', 'GET');
    return void text(response, 405, 'Method not allowed');
  }
  const path = (request.url ?? '').split('?')[0] ?? '';
  const check = deps.links.verify(path.startsWith(REPORTS_PATH) ? path.slice(REPORTS_PATH.length) : '');
  if (!check.ok)
    return void text(
      response,
      403,
      check.code === 'REPORT_LINK.EXPIRED'
        ? 'This report link has expired. Ask for the report in Slack or Teams again.'
        : 'This report link is not valid.',
    );
  const now = deps.clock();
  const actor = await resolveActor(deps.people, check.claims.personId, now);
  if (!actor || !mayReadReports(actor)) return void text(response, 403, 'You may no longer read the reports.');
  const report = await buildBoardReport(deps.source, check.claims.year, now);
  const name = `board-report-${check.claims.year}.${check.claims.format}`;
  const body =
    check.claims.format === 'pdf'
      ? await boardReportPdf(report, deps.organisation)
      : Buffer.from(boardReportCsv(report), 'utf8');
  deps.log?.('board report downloaded', {
    personId: actor.personId,
    year: check.claims.year,
    format: check.claims.format,
  });
  response
    .writeHead(200, {
      'content-type': check.claims.format === 'pdf' ? 'application/pdf' : 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="${name}"`,
      'content-length': String(body.length),
      'cache-control': 'no-store',
    })
    .end(body);
}
