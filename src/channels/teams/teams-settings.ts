import { z } from 'zod';

// The Teams adapter's settings. config.ts (the only reader of process.env) passes the environment
// in; this module only says what is valid.
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

export const teamsSettingsSchema = z.object({
  /** The Azure Bot's Microsoft App ID. Without it authentication is off (Agents Playground, local). */
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  /** Directory (tenant) of a single-tenant bot. */
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
});

export type TeamsSettings = z.infer<typeof teamsSettingsSchema>;

export class TeamsSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Teams settings are not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'TeamsSettingsError';
  }
}

export function parseTeamsSettings(env: Record<string, string | undefined>): TeamsSettings {
  const result = teamsSettingsSchema.safeParse(env);
  if (!result.success) throw new TeamsSettingsError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return result.data;
}

/**
 * Start-up check. In production a missing app id is an error (it would switch token validation
 * off); an app id needs its secret, and a single-tenant bot its tenant. Returns warnings to log.
 */
export function checkTeamsSettings(settings: TeamsSettings, nodeEnv: string | undefined): { warnings: string[] } {
  const problems: string[] = [];
  if (!settings.MICROSOFT_APP_ID) {
    if (nodeEnv === 'production') problems.push('MICROSOFT_APP_ID: required in production (without it Bot Framework tokens are not checked)');
    else return { warnings: ['Teams: MICROSOFT_APP_ID is not set, so requests to /api/messages are NOT authenticated (fine for the Agents Playground, never in production)'] };
  } else {
    if (settings.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !settings.MICROSOFT_APP_PASSWORD) problems.push('MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID');
    if (settings.MICROSOFT_APP_TYPE !== 'MultiTenant' && !settings.MICROSOFT_APP_TENANT_ID) problems.push(`MICROSOFT_APP_TENANT_ID: required for a ${settings.MICROSOFT_APP_TYPE} bot`);
  }
  if (problems.length > 0) throw new TeamsSettingsError(problems);
  return { warnings: [] };
}

export const authenticationEnabled = (settings: TeamsSettings): boolean => Boolean(settings.MICROSOFT_APP_ID);
