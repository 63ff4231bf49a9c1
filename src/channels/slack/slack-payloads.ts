import { z } from 'zod';
import { ACTION_IDS } from '../../policy/index.js';

// Every value Slack hands back to us is untrusted: button values and private_metadata are parsed
// before use, and a value that does not parse is answered with a clear message, never a crash.
export const REPORT_CALLBACK_ID = 'lcp_report';
export const DECISION_CALLBACK_ID = 'lcp_decide';
export const CUSTOMER_CALLBACK_ID = 'lcp_customer';
export const customerMetadataSchema = z.object({ accountRef: z.string().trim().min(1).max(64) });

export const buttonValueSchema = z.object({
  action: z.enum(ACTION_IDS),
  caseId: z.string().min(1).max(64),
  version: z.number().int().min(0),
});
export type ButtonValue = z.infer<typeof buttonValueSchema>;

export const decisionMetadataSchema = buttonValueSchema.extend({ channelId: z.string().max(64).optional() });
export type DecisionMetadata = z.infer<typeof decisionMetadataSchema>;

export function parseJson<T>(schema: z.ZodType<T>, raw: unknown): T | null {
  if (typeof raw !== 'string' || raw.length > 3000) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** `/lcp delegate <@U123|name> until 2026-12-24` */
export const delegateArgsPattern = /^delegate\s+<@([UW][A-Z0-9]+)(?:\|[^>]*)?>\s+until\s+(\d{4}-\d{2}-\d{2})\s*$/i;
