import { createHash } from 'node:crypto';
import type { CustomerRepository } from '../app/ports.js';
import { actedByText, type ActedBy, type Case } from '../cases/index.js';
import { EFFECTS } from '../cases/effects.js';
import type { PersonRepository } from '../directory/person.js';
import type { LetterArchive, StoredLetter } from './letter-archive.js';
import { buildLetterModel, LETTER_TEMPLATE_VERSION, namedColleagueIds, type LetterModel } from './letter-model.js';
import { letterTemplates } from './letter-templates.js';
import { renderLetterPdf, type LetterAssets } from './letter-pdf.js';
import type { Organisation } from './letter-settings.js';
import type { Log } from '../logging/log.js';

// Letters from cases: the stored letter of each approval (rendered from the case as it stood when
// the letter was added, stored once), and the preview an approver reads before approving.

export interface LetterServiceDeps {
  archive: LetterArchive;
  customers: Pick<CustomerRepository, 'findByAccountRef'>;
  people: Pick<PersonRepository, 'listByIds'>;
  organisation: Organisation;
  assets: LetterAssets;
  clock: () => Date;
  log?: Log;
}

export interface RenderedLetter {
  model: LetterModel;
  bytes: Buffer;
  sha256: string;
}

export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

const PREVIEW_APPROVER: ActedBy = { personId: 'preview', name: 'not yet approved', onBehalfOf: null };

/** The approval states whose approval issues a letter, and the action that approves. */
const PENDING = {
  edc_warning_approval: 'approve_warning',
  edc_restriction_approval: 'approve_restrictions',
  edc_refusal_approval: 'refuse_all_contact',
} as const;

export class LetterService {
  constructor(private readonly deps: LetterServiceDeps) {
    // Compiles the current templates now, so a missing or broken one stops start-up, not a letter.
    letterTemplates(LETTER_TEMPLATE_VERSION);
  }

  get archive(): LetterArchive {
    return this.deps.archive;
  }

  /** Renders letter `index` of `kase` (the case as it stood when the letter was added). */
  async render(kase: Case, index: number, preview?: { notes: string[] }): Promise<RenderedLetter> {
    const [customer, people] = await Promise.all([
      this.deps.customers.findByAccountRef(kase.customer.accountRef),
      this.deps.people.listByIds(namedColleagueIds(kase)),
    ]);
    const model = buildLetterModel({
      kase,
      index,
      organisation: this.deps.organisation,
      formatNeeds: customer?.formatNeeds ?? [],
      postalAddress: customer?.postalAddress ?? [],
      advocate: customer?.advocate ?? null,
      names: new Map(people.map((p) => [p.id, p.name])),
      ...(preview ? { preview } : {}),
    });
    return this.renderModel(model);
  }

  /** Renders a model again: for a stored letter, the same bytes as were stored. */
  async renderModel(model: LetterModel): Promise<RenderedLetter> {
    const bytes = await renderLetterPdf(model, this.deps.assets);
    return { model, bytes, sha256: sha256(bytes) };
  }

  /**
   * Stores letter `index` unless it is stored already. `snapshot` is the case as it stood when the
   * letter was added; without it the audit trail is asked.
   */
  async ensure(caseId: string, index: number, snapshot?: Case): Promise<StoredLetter | null> {
    const existing = await this.deps.archive.find(caseId, index);
    if (existing) return existing;
    const kase = snapshot ?? (await this.deps.archive.caseWhenIssued(caseId, index));
    const letter = kase?.letters[index];
    if (!kase || !letter) return null;
    const rendered = await this.render(kase, index);
    const { letter: stored, created } = await this.deps.archive.store(
      {
        caseId: kase.id,
        caseNumber: kase.number,
        index,
        kind: letter.kind,
        label: rendered.model.label,
        templateVersion: rendered.model.templateVersion,
        sha256: rendered.sha256,
        sentAt: letter.sentAt,
        approvedAt: letter.approvedAt,
        approvedBy: actedByText(letter.approvedBy),
        filename: `${kase.number}-${index + 1}-${letter.kind.replaceAll('_', '-')}.pdf`,
        largePrint: rendered.model.largePrint,
        otherFormatNeeds: rendered.model.otherFormatNeeds,
        dispatch: letter.dispatch ?? null,
      },
      rendered.model,
      rendered.bytes,
      this.deps.clock(),
    );
    if (created) this.deps.log?.('letter stored', { caseId: kase.id, index, kind: letter.kind, sha256: stored.sha256 });
    return stored;
  }

  /**
   * After a saved change: stores every letter of the case not stored yet. Letters this change
   * added are rendered from `after`; older missing ones (a process that stopped before storing)
   * from the audit trail.
   */
  async storeNew(before: Case | null, after: Case): Promise<StoredLetter[]> {
    const stored = new Set((await this.deps.archive.forCase(after.id)).map((l) => l.index));
    const addedFrom = before?.letters.length ?? 0;
    const results: StoredLetter[] = [];
    for (let index = 0; index < after.letters.length; index++) {
      if (stored.has(index)) continue;
      const letter = await this.ensure(
        after.id,
        index,
        index >= addedFrom && after.letters.length - addedFrom === 1 ? after : undefined,
      );
      if (letter) results.push(letter);
    }
    // A dispatch recorded by this change is copied onto the stored letter (issue 12 §5).
    for (const [index, letter] of after.letters.entries()) {
      if (letter.dispatch && !before?.letters[index]?.dispatch)
        await this.deps.archive.recordDispatch(after.id, index, letter.dispatch);
    }
    return results;
  }

  /** The letter as approval would issue it now, marked as a preview; null when none is pending. */
  async preview(kase: Case): Promise<RenderedLetter | null> {
    const pending = this.pendingCase(kase);
    if (!pending) return null;
    const notes = ['What you approve is what the customer receives; the date becomes the date of approval.'];
    if (kase.state === 'edc_refusal_approval')
      notes.push(
        'Whether the complaint investigation stops is chosen when approving; the letter sent states the choice.',
      );
    return this.render(pending, pending.letters.length - 1, { notes });
  }

  /** The case as approving it now would leave it: the workflow's own effect, applied without I/O. */
  private pendingCase(kase: Case): Case | null {
    if (!(kase.state in PENDING)) return null;
    const action = PENDING[kase.state as keyof typeof PENDING];
    const now = this.deps.clock();
    const input = { kase, by: PREVIEW_APPROVER, now };
    const effect =
      action === 'approve_warning'
        ? kase.warning && EFFECTS.approve_warning({ ...input, command: { action } })
        : action === 'approve_restrictions'
          ? kase.proposedRestrictions && EFFECTS.approve_restrictions({ ...input, command: { action } })
          : kase.refusal &&
            EFFECTS.refuse_all_contact({ ...input, command: { action, stopComplaintInvestigation: false } });
    if (!effect) return null;
    const next = { ...kase, ...effect.patch };
    return next.letters.length > kase.letters.length ? next : null;
  }
}
