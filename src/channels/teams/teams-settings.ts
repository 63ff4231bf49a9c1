import { z } from 'zod';

// The Teams adapter's settings. config.ts (the only reader of process.env) passes the environment
// in; this module only says what is valid.
const optionalText = z
  .string()
  .optional()
  .transform((value) => (value?.trim() ? value.trim() : undefined));

/** A comma-separated list: trimmed, empty entries dropped, lower-cased. */
const list = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((v) => v.trim().toLowerCase())
      .filter(Boolean),
  );

export const teamsSettingsSchema = z.object({
  /** The Azure Bot's Microsoft App ID. Without it Teams is off, except in the local demo. */
  MICROSOFT_APP_ID: optionalText,
  MICROSOFT_APP_PASSWORD: optionalText,
  /** Directory (tenant) of a single-tenant bot; activities from any other tenant are refused. */
  MICROSOFT_APP_TENANT_ID: optionalText,
  MICROSOFT_APP_TYPE: z.enum(['SingleTenant', 'MultiTenant', 'UserAssignedMSI']).default('SingleTenant'),
  /**
   * "local-only": Teams without an app id (no Bot Framework tokens checked) even with a database or
   * directory of one's own; the server then listens on 127.0.0.1 only. Refused in production.
   */
  LCP_TEAMS_UNAUTHENTICATED: optionalText.refine((v) => v === undefined || v === 'local-only', '"local-only" or unset'),
  /** The tenants a MultiTenant bot accepts (required for MultiTenant), comma-separated. */
  LCP_TEAMS_ALLOWED_TENANTS: list,
  /**
   * The Bot Connector hosts conversation references may point at, comma-separated; a leading "*."
   * allows sub-domains. Default: the public Teams service. Sovereign clouds set theirs here.
   */
  LCP_TEAMS_SERVICE_HOSTS: list,
});

export type TeamsSettings = z.infer<typeof teamsSettingsSchema>;

/**
 * authenticated: an app id, every token checked. local-only: no app id, in the local demo (or
 * asked for with LCP_TEAMS_UNAUTHENTICATED=local-only); the server binds to 127.0.0.1. off: no app
 * id anywhere else; /api/messages answers 404, whatever NODE_ENV says.
 */
export type TeamsMode = 'authenticated' | 'local-only' | 'off';

/** `localDemo`: no MONGODB_URI and the demo directory (config.ts knows both). */
export function teamsMode(
  settings: Pick<TeamsSettings, 'MICROSOFT_APP_ID' | 'LCP_TEAMS_UNAUTHENTICATED'>,
  localDemo = false,
): TeamsMode {
  if (settings.MICROSOFT_APP_ID) return 'authenticated';
  if (settings.LCP_TEAMS_UNAUTHENTICATED === 'local-only' || localDemo) return 'local-only';
  return 'off';
}

/**
 * The tenants whose activities are accepted: the single tenant, and any listed. Empty only for
 * the local demo without a tenant setting (then the Playground's mock tenant is accepted).
 */
export function allowedTenants(
  settings: Pick<TeamsSettings, 'MICROSOFT_APP_TENANT_ID' | 'LCP_TEAMS_ALLOWED_TENANTS'>,
): string[] {
  return [
    ...new Set([
      ...(settings.MICROSOFT_APP_TENANT_ID ? [settings.MICROSOFT_APP_TENANT_ID.toLowerCase()] : []),
      ...settings.LCP_TEAMS_ALLOWED_TENANTS,
    ]),
  ];
}

export class TeamsSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Teams settings are not valid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'TeamsSettingsError';
  }
}

export function parseTeamsSettings(env: Record<string, string | undefined>): TeamsSettings {
  const result = teamsSettingsSchema.safeParse(env);
  if (!result.success)
    throw new TeamsSettingsError(result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  return result.data;
}

export const SWITCH_TEAMS_ON =
  "set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID (the Azure Bot's app registration) to switch it on";

/**
 * Start-up check. An app id needs its secret, a single-tenant bot its tenant and a multi-tenant
 * bot its list of tenants; unauthenticated Teams is never allowed in production. Returns what to
 * say at start-up about how Teams runs.
 */
export function checkTeamsSettings(
  settings: TeamsSettings,
  nodeEnv: string | undefined,
  localDemo = false,
): { mode: TeamsMode; warnings: string[] } {
  const problems: string[] = [];
  const mode = teamsMode(settings, localDemo);
  if (nodeEnv === 'production' && settings.LCP_TEAMS_UNAUTHENTICATED)
    problems.push(
      'LCP_TEAMS_UNAUTHENTICATED: expected it unset in production (Bot Framework tokens are always checked there)',
    );
  if (settings.MICROSOFT_APP_ID) {
    if (settings.MICROSOFT_APP_TYPE !== 'UserAssignedMSI' && !settings.MICROSOFT_APP_PASSWORD)
      problems.push('MICROSOFT_APP_PASSWORD: required with MICROSOFT_APP_ID');
    if (settings.MICROSOFT_APP_TYPE !== 'MultiTenant' && !settings.MICROSOFT_APP_TENANT_ID)
      problems.push(`MICROSOFT_APP_TENANT_ID: required for a ${settings.MICROSOFT_APP_TYPE} bot`);
    if (settings.MICROSOFT_APP_TYPE === 'MultiTenant' && allowedTenants(settings).length === 0)
      problems.push(
        'LCP_TEAMS_ALLOWED_TENANTS: required for a MultiTenant bot (the tenant ids whose activities are accepted, comma-separated)',
      );
  }
  for (const host of settings.LCP_TEAMS_SERVICE_HOSTS) {
    if (!/^(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host))
      problems.push(`LCP_TEAMS_SERVICE_HOSTS: "${host}" is not a host name (e.g. smba.infra.gov.teams.microsoft.us)`);
  }
  if (problems.length > 0) throw new TeamsSettingsError(problems);
  if (mode === 'local-only') {
    return {
      mode,
      warnings: [
        'Teams: MICROSOFT_APP_ID is not set, so requests to /api/messages are NOT authenticated: local use only, the server listens on 127.0.0.1 only (the Agents Playground)',
      ],
    };
  }
  if (mode === 'off') return { mode, warnings: [`Teams: off (/api/messages answers 404): ${SWITCH_TEAMS_ON}`] };
  return { mode, warnings: [] };
}

export const authenticationEnabled = (settings: Pick<TeamsSettings, 'MICROSOFT_APP_ID'>): boolean =>
  Boolean(settings.MICROSOFT_APP_ID);
