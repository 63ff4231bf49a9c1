import { z } from 'zod';

// Settings of report delivery from chat, merged into src/config.ts. Reports asked for in Slack or
// Teams are delivered as signed download links served by this app's HTTP server (see
// docs/records-and-reports.md for why links and not uploads).
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

export const reportSettingsSchema = z.object({
  /** This service's public base URL, e.g. https://lcp.example.org; links in chat start with it. */
  LCP_PUBLIC_URL: optionalText.refine(
    (v) => v === undefined || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(v),
    'a URL such as https://lcp.example.org',
  ),
  /** Key that signs download links (at least 32 characters); unset: a random key per process. */
  LCP_DOWNLOAD_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, 'at least 32 characters'),
  /** How long a download link works. */
  LCP_DOWNLOAD_LINK_MINUTES: z.coerce
    .number()
    .int()
    .min(1, 'a whole number of minutes, at least 1')
    .max(1440, 'at most 1440 minutes')
    .default(15),
});

export type ReportSettings = z.infer<typeof reportSettingsSchema>;
