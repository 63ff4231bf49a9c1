import {
  checkTeamsSettings,
  parseTeamsSettings,
  TeamsSettingsError,
} from '../../../src/channels/teams/teams-settings.js';

describe('Teams settings', () => {
  test('default app type is SingleTenant; empty values are absent', () => {
    expect(parseTeamsSettings({ MICROSOFT_APP_ID: '  ' })).toEqual({
      MICROSOFT_APP_TYPE: 'SingleTenant',
      LCP_TEAMS_ALLOWED_TENANTS: [],
      LCP_TEAMS_SERVICE_HOSTS: [],
    });
  });

  test('without an app id: unauthenticated only in the local demo or when asked for, else off, whatever NODE_ENV says', () => {
    expect(checkTeamsSettings(parseTeamsSettings({}), 'development', true)).toEqual({
      mode: 'local-only',
      warnings: [expect.stringMatching(/NOT authenticated.*127\.0\.0\.1 only/)],
    });
    expect(
      checkTeamsSettings(parseTeamsSettings({ LCP_TEAMS_UNAUTHENTICATED: 'local-only' }), 'development').mode,
    ).toBe('local-only');
    expect(checkTeamsSettings(parseTeamsSettings({}), 'development')).toEqual({
      mode: 'off',
      warnings: [
        expect.stringMatching(
          /off \(\/api\/messages answers 404\): set MICROSOFT_APP_ID, MICROSOFT_APP_PASSWORD and MICROSOFT_APP_TENANT_ID/,
        ),
      ],
    });
    expect(checkTeamsSettings(parseTeamsSettings({}), 'production').mode).toBe('off');
    expect(() =>
      checkTeamsSettings(parseTeamsSettings({ LCP_TEAMS_UNAUTHENTICATED: 'local-only' }), 'production'),
    ).toThrow(/LCP_TEAMS_UNAUTHENTICATED: expected it unset in production/);
    expect(() => parseTeamsSettings({ LCP_TEAMS_UNAUTHENTICATED: 'yes' })).toThrow(TeamsSettingsError);
  });

  test('a MultiTenant bot needs the list of tenants it serves; service hosts must be host names', () => {
    const multi = { MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TYPE: 'MultiTenant' };
    expect(() => checkTeamsSettings(parseTeamsSettings(multi), 'production')).toThrow(
      /LCP_TEAMS_ALLOWED_TENANTS: required for a MultiTenant bot/,
    );
    expect(
      checkTeamsSettings(parseTeamsSettings({ ...multi, LCP_TEAMS_ALLOWED_TENANTS: 't1, T2' }), 'production').mode,
    ).toBe('authenticated');
    expect(() =>
      checkTeamsSettings(parseTeamsSettings({ LCP_TEAMS_SERVICE_HOSTS: 'https://x.example/' }), 'production'),
    ).toThrow(/LCP_TEAMS_SERVICE_HOSTS: "https:\/\/x.example\/" is not a host name/);
  });

  test('a single-tenant app id needs its secret and tenant', () => {
    expect(() => checkTeamsSettings(parseTeamsSettings({ MICROSOFT_APP_ID: 'a' }), 'production')).toThrow(
      /MICROSOFT_APP_PASSWORD[\s\S]*MICROSOFT_APP_TENANT_ID/,
    );
    expect(
      checkTeamsSettings(
        parseTeamsSettings({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TENANT_ID: 't' }),
        'production',
      ),
    ).toEqual({ mode: 'authenticated', warnings: [] });
  });

  test('an unknown app type is refused', () => {
    expect(() => parseTeamsSettings({ MICROSOFT_APP_TYPE: 'Other' })).toThrow(/MICROSOFT_APP_TYPE/);
  });
});
