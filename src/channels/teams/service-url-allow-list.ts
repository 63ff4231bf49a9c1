import type { TeamsMode, TeamsSettings } from './teams-settings.js';

// Where the bot may send what it knows: the Bot Connector service URL of an activity is where its
// replies and every later proactive message go, so a reference to any other host is never stored
// or used (a forged activity must not make the bot post case details to an attacker's server).

/** The public Teams service (https://smba.trafficmanager.net/<region>/). */
export const DEFAULT_TEAMS_SERVICE_HOSTS = ['smba.trafficmanager.net'];

/** The Agents Playground's mocked connector runs here in the local demo. */
const LOCAL_HOSTS = ['localhost', '127.0.0.1'];

export class ServiceUrlAllowList {
  private readonly hosts: string[];
  private readonly local: boolean;

  constructor(hosts: readonly string[], options: { local?: boolean } = {}) {
    this.hosts = hosts.map((h) => h.toLowerCase());
    this.local = options.local ?? false;
  }

  static from(settings: Pick<TeamsSettings, 'LCP_TEAMS_SERVICE_HOSTS'>, mode: TeamsMode): ServiceUrlAllowList {
    return new ServiceUrlAllowList(
      settings.LCP_TEAMS_SERVICE_HOSTS.length > 0 ? settings.LCP_TEAMS_SERVICE_HOSTS : DEFAULT_TEAMS_SERVICE_HOSTS,
      { local: mode === 'local-only' },
    );
  }

  /** https to a listed host; in the local demo also http(s) to this machine. */
  allows(serviceUrl: unknown): boolean {
    if (typeof serviceUrl !== 'string') return false;
    let url: URL;
    try {
      url = new URL(serviceUrl);
    } catch {
      return false;
    }
    if (url.username || url.password) return false;
    const host = url.hostname.toLowerCase();
    if (this.local && LOCAL_HOSTS.includes(host) && (url.protocol === 'http:' || url.protocol === 'https:'))
      return true;
    if (url.protocol !== 'https:') return false;
    return this.hosts.some((allowed) =>
      allowed.startsWith('*.') ? host.endsWith(allowed.slice(1)) && host.length > allowed.length - 1 : host === allowed,
    );
  }

  describe(): string {
    return [...this.hosts, ...(this.local ? LOCAL_HOSTS : [])].join(', ');
  }
}
