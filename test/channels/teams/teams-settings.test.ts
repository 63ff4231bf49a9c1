import { checkTeamsSettings, parseTeamsSettings, TeamsSettingsError } from '../../../src/channels/teams/teams-settings.js';

describe('Teams settings', () => {
  test('default app type is SingleTenant; empty values are absent', () => {
    expect(parseTeamsSettings({ MICROSOFT_APP_ID: '  ' })).toEqual({ MICROSOFT_APP_TYPE: 'SingleTenant' });
  });

  test('without an app id: authentication off with a warning outside production, a start-up error in production', () => {
    expect(checkTeamsSettings(parseTeamsSettings({}), 'development').warnings[0]).toMatch(/NOT authenticated/);
    expect(() => checkTeamsSettings(parseTeamsSettings({}), 'production')).toThrow(TeamsSettingsError);
  });

  test('a single-tenant app id needs its secret and tenant', () => {
    expect(() => checkTeamsSettings(parseTeamsSettings({ MICROSOFT_APP_ID: 'a' }), 'production')).toThrow(/MICROSOFT_APP_PASSWORD[\s\S]*MICROSOFT_APP_TENANT_ID/);
    expect(checkTeamsSettings(parseTeamsSettings({ MICROSOFT_APP_ID: 'a', MICROSOFT_APP_PASSWORD: 'p', MICROSOFT_APP_TENANT_ID: 't' }), 'production')).toEqual({ warnings: [] });
  });

  test('an unknown app type is refused', () => {
    expect(() => parseTeamsSettings({ MICROSOFT_APP_TYPE: 'Other' })).toThrow(/MICROSOFT_APP_TYPE/);
  });
});
