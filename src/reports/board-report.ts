import type { Case } from '../cases/index.js';
import { dateInLondon } from '../cases/dates.js';
import { CLOSURE_REASONS, RESTRICTION_TYPES } from '../policy/index.js';
import { anonymise } from './anonymise.js';
import type { ReportCase, ReportCaseSource } from './ports.js';

// The annual board report (§35): how often the policy was used in a calendar year (Europe/London)
// and why. Counted from the letters each case holds (a use of the policy is a letter sent: the
// warning §26, the restriction letter §27, the refusal of all contact §31), since letters are
// frozen records that later variations do not rewrite. Aggregated in code, one case at a time.

export const RATIONALE_ACTIONS = ['approve_warning', 'approve_restrictions', 'refuse_all_contact'] as const;
const ACTION_LABEL: Record<string, string> = {
  approve_warning: 'Warning',
  approve_restrictions: 'Restrictions',
  refuse_all_contact: 'Refusal of all contact',
};
/** Enough for any board; beyond it the counts stay exact and the report says how many were left out. */
export const MAX_RATIONALES = 2000;

export interface DurationStats {
  count: number;
  minDays: number | null;
  maxDays: number | null;
  meanDays: number | null;
  medianDays: number | null;
}

export interface BoardReport {
  year: number;
  generatedAt: string;
  casesOpened: number;
  uses: { warnings: number; restrictions: number; refusals: number };
  /** Customers on whom the policy was used at all this year (a customer may have several uses). */
  customersAffected: number;
  restrictionTypes: { type: string; label: string; count: number }[];
  /** Planned durations of the restriction sets imposed this year. */
  plannedDurations: DurationStats;
  /** How long restrictions that ended this year actually lasted (lifted, expired, quashed). */
  actualDurations: DurationStats;
  reviews: { held: number; onTime: number; late: number; continued: number; varied: number; lifted: number };
  appeals: { received: number; decided: number; quash: number; vary: number; uphold: number; pending: number };
  adjustments: { casesWithAdjustments: number; made: string[] };
  closures: Record<string, number>;
  rationales: { label: string; kind: string; date: string; text: string }[];
  rationalesOmitted: number;
}

const yearOf = (iso: string | null | undefined): number | null =>
  iso ? Number(dateInLondon(new Date(iso)).slice(0, 4)) : null;
const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

function stats(values: number[]): DurationStats {
  if (values.length === 0) return { count: 0, minDays: null, maxDays: null, meanDays: null, medianDays: null };
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return {
    count: sorted.length,
    minDays: sorted[0]!,
    maxDays: sorted[sorted.length - 1]!,
    meanDays: Math.round((sorted.reduce((a, b) => a + b, 0) / sorted.length) * 10) / 10,
    medianDays: sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
  };
}

/** The fields of a case the board report reads: the source projects the cases to these. */
const BOARD_REPORT_FIELDS = [
  'id',
  'customer',
  'openedAt',
  'letters',
  'warning',
  'restrictions',
  'restrictionLetterDate',
  'closure',
  'reviews',
  'appeals',
] as const satisfies readonly (keyof Case)[];
type BoardReportCase = Pick<ReportCase, (typeof BOARD_REPORT_FIELDS)[number]> & { reports?: ReportCase['reports'] };

/** Collects one case at a time; `result` turns the running totals into the report. */
export class BoardReportAccumulator {
  private casesOpened = 0;
  private readonly uses = { warnings: 0, restrictions: 0, refusals: 0 };
  private customers = 0;
  private readonly types = new Map<string, number>();
  private readonly planned: number[] = [];
  private readonly actual: number[] = [];
  private readonly reviews = { held: 0, onTime: 0, late: 0, continued: 0, varied: 0, lifted: 0 };
  private readonly appeals = { received: 0, decided: 0, quash: 0, vary: 0, uphold: 0, pending: 0 };
  private adjustmentCases = 0;
  private readonly adjustmentsMade: string[] = [];
  private readonly closures = new Map<string, number>();
  /** Cases with a use this year, for the rationale look-up: id -> what identifies the customer. */
  readonly usedCases = new Map<string, { name: string; accountRef: string; references: string[] }>();

  constructor(readonly year: number) {}

  add(kase: BoardReportCase): void {
    const inYear = (iso: string | null | undefined) => yearOf(iso) === this.year;
    if (inYear(kase.openedAt)) this.casesOpened += 1;
    let used = false;
    for (const letter of kase.letters) {
      if (!inYear(letter.sentAt)) continue;
      if (letter.kind === 'warning') this.uses.warnings += 1;
      else if (letter.kind === 'restriction') this.uses.restrictions += 1;
      else if (letter.kind === 'refusal_of_all_contact') this.uses.refusals += 1;
      else continue;
      used = true;
      const items = letter.content.restrictions;
      if (letter.kind === 'restriction' && items && items.length > 0) {
        for (const item of items) this.types.set(item.type, (this.types.get(item.type) ?? 0) + 1);
        this.planned.push(
          daysBetween(
            items.map((i) => i.startDate).sort()[0]!,
            items
              .map((i) => i.endDate)
              .sort()
              .at(-1)!,
          ),
        );
      }
    }
    if (used) {
      this.customers += 1;
      const references = [
        ...new Set(
          [kase.warning?.complaint.reference, ...(kase.reports ?? []).map((r) => r.complaintReference)].filter(
            (r): r is string => Boolean(r),
          ),
        ),
      ];
      this.usedCases.set(kase.id, { name: kase.customer.name, accountRef: kase.customer.accountRef, references });
      if (kase.warning && inYear(kase.warning.approvedAt) && kase.warning.adjustmentsMade.length > 0) {
        this.adjustmentCases += 1;
        for (const made of kase.warning.adjustmentsMade)
          this.adjustmentsMade.push(
            anonymise(made, { name: kase.customer.name, accountRef: kase.customer.accountRef, references }),
          );
      }
    }
    if (
      kase.restrictions &&
      kase.restrictionLetterDate &&
      kase.closure &&
      inYear(kase.closure.at) &&
      ['restrictions_lifted', 'restrictions_expired', 'appeal_quashed'].includes(kase.closure.reason)
    ) {
      this.actual.push(daysBetween(kase.restrictions.startDate, dateInLondon(new Date(kase.closure.at))));
    }
    for (const review of kase.reviews) {
      if (!inYear(review.at)) continue;
      this.reviews.held += 1;
      this.reviews[review.onTime ? 'onTime' : 'late'] += 1;
      this.reviews[review.outcome === 'continue' ? 'continued' : review.outcome === 'vary' ? 'varied' : 'lifted'] += 1;
    }
    for (const appeal of kase.appeals) {
      if (inYear(appeal.receivedAt)) {
        this.appeals.received += 1;
        if (!appeal.decision) this.appeals.pending += 1;
      }
      if (appeal.decision && inYear(appeal.decision.at)) {
        this.appeals.decided += 1;
        this.appeals[appeal.decision.outcome] += 1;
      }
    }
    if (kase.closure && inYear(kase.closure.at))
      this.closures.set(kase.closure.reason, (this.closures.get(kase.closure.reason) ?? 0) + 1);
  }

  result(
    rationales: { caseId: string; action: string; at: string; rationale: string }[],
    generatedAt: Date,
  ): BoardReport {
    // Uses are labelled "Use 1, 2 …" in date order, so the board can tell uses apart without a case number.
    const inYear = rationales.filter((r) => yearOf(r.at) === this.year && this.usedCases.has(r.caseId));
    const labels = new Map<string, string>();
    const shown = inYear.slice(0, MAX_RATIONALES).map((r) => {
      if (!labels.has(r.caseId)) labels.set(r.caseId, `Use ${labels.size + 1}`);
      return {
        label: labels.get(r.caseId)!,
        kind: ACTION_LABEL[r.action] ?? r.action,
        date: dateInLondon(new Date(r.at)),
        text: anonymise(r.rationale, this.usedCases.get(r.caseId)!),
      };
    });
    return {
      year: this.year,
      generatedAt: generatedAt.toISOString(),
      casesOpened: this.casesOpened,
      uses: { ...this.uses },
      customersAffected: this.customers,
      restrictionTypes: RESTRICTION_TYPES.map((t) => ({
        type: t.id,
        label: t.label,
        count: this.types.get(t.id) ?? 0,
      })),
      plannedDurations: stats(this.planned),
      actualDurations: stats(this.actual),
      reviews: { ...this.reviews },
      appeals: { ...this.appeals },
      adjustments: { casesWithAdjustments: this.adjustmentCases, made: this.adjustmentsMade },
      closures: Object.fromEntries(CLOSURE_REASONS.map((r) => [r, this.closures.get(r) ?? 0])),
      rationales: shown,
      rationalesOmitted: inYear.length - shown.length,
    };
  }
}

export async function buildBoardReport(source: ReportCaseSource, year: number, now: Date): Promise<BoardReport> {
  const acc = new BoardReportAccumulator(year);
  // A case with anything in the year changed in it; a day's margin covers the year starting in London.
  for await (const kase of source.eachCase({
    updatedSince: `${year - 1}-12-31T00:00:00.000Z`,
    fields: BOARD_REPORT_FIELDS,
  }))
    acc.add(kase);
  const rationales = await source.rationales([...acc.usedCases.keys()], RATIONALE_ACTIONS);
  return acc.result(rationales, now);
}
