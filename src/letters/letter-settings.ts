import { z } from 'zod';

// Settings of the letters: who the organisation is, who signs, and how long a letter link shown in
// chat works. Merged into src/config.ts (the only reader of process.env). The defaults are a demo
// organisation, so a fresh checkout produces complete letters; production sets its own. Links use
// the report settings' LCP_PUBLIC_URL and LCP_DOWNLOAD_SECRET (one base URL, one signing key).
const text = (fallback: string) => z.string().trim().min(1).default(fallback);
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

export const letterSettingsSchema = z.object({
  LCP_ORG_NAME: text('LHP Housing'),
  /** Postal address, lines separated by ";". */
  LCP_ORG_ADDRESS: text('Customer Relations; 1 Example Street; Exampletown; EX1 1AA'),
  LCP_ORG_PHONE: text('0300 123 4567'),
  LCP_ORG_EMAIL: text('customer.relations@example.org'),
  /** A PNG printed at the top of every letter; unset: no logo. */
  LCP_ORG_LOGO: optionalText.refine((v) => v === undefined || /\.png$/i.test(v), 'a path to a .png file'),
  LCP_SIGNATORY_CHC_NAME: text('Chris Morgan'),
  LCP_SIGNATORY_CHC_TITLE: text('Corporate Head of Customers'),
  LCP_SIGNATORY_EDC_NAME: text('Sam Patel'),
  LCP_SIGNATORY_EDC_TITLE: text('Executive Director of Customers'),
  /**
   * How long a letter link shown in chat keeps working. A day: a link forwarded or left in a chat
   * should not open a customer's letter for long; every redraw of the card draws a fresh one.
   */
  LCP_LETTER_LINK_HOURS: z.coerce
    .number()
    .int()
    .min(1, 'a whole number of hours, at least 1')
    .max(720, 'at most 720 hours')
    .default(24),
  /**
   * Optional e-mail dispatch of letters (issue 12 §5): the mail server, as nodemailer's connection
   * URL (smtp://user:password@host:587, smtps://…:465). Unset: letters are not e-mailed by the product.
   */
  SMTP_URL: optionalText.refine(
    (v) => v === undefined || /^smtps?:\/\/[^\s]+$/.test(v),
    'a URL such as smtp://user:password@mail.example.org:587 or smtps://mail.example.org:465',
  ),
  /** The From address of e-mailed letters; required with SMTP_URL. */
  LCP_MAIL_FROM: optionalText.refine(
    (v) => v === undefined || /^([^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/.test(v),
    'an e-mail address, or "Name <address>", e.g. LHP Housing <letters@lhp.example.org>',
  ),
});

export type LetterSettings = z.infer<typeof letterSettingsSchema>;

export interface Signatory {
  name: string;
  title: string;
}

export interface Organisation {
  name: string;
  addressLines: string[];
  phone: string;
  email: string;
  logoPath: string | null;
  signatories: Record<'corporate_head_of_customers' | 'executive_director_of_customers', Signatory>;
}

export function organisationFrom(settings: LetterSettings): Organisation {
  return {
    name: settings.LCP_ORG_NAME,
    addressLines: settings.LCP_ORG_ADDRESS.split(';')
      .map((l) => l.trim())
      .filter(Boolean),
    phone: settings.LCP_ORG_PHONE,
    email: settings.LCP_ORG_EMAIL,
    logoPath: settings.LCP_ORG_LOGO ?? null,
    signatories: {
      corporate_head_of_customers: { name: settings.LCP_SIGNATORY_CHC_NAME, title: settings.LCP_SIGNATORY_CHC_TITLE },
      executive_director_of_customers: {
        name: settings.LCP_SIGNATORY_EDC_NAME,
        title: settings.LCP_SIGNATORY_EDC_TITLE,
      },
    },
  };
}
