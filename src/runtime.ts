import { refusalDuration } from './app/refusal-settings.js';
import type { RequestListener } from 'node:http';
import type { Connection } from 'mongoose';
import { BackgroundNotifier } from './app/notifications/background-notifier.js';
import { CompositeNotifier, DeliveringNotifier } from './app/notifications/delivering-notifier.js';
import type { CaseServices } from './app/services.js';
import { createSlackChannel, SLACK_EVENTS_PATH, type SlackChannel } from './channels/slack/slack-app.js';
import { createTeamsEndpoint, type TeamsEndpoint } from './channels/teams/teams-endpoint.js';
import { checkTeamsSettings } from './channels/teams/teams-settings.js';
import { MongoConversationReferenceRepository } from './store/mongo-conversation-reference.repository.js';
import { isLocalDemo, type Settings } from './config.js';
import { configureAuditKey } from './audit/hash-chain.js';
import type { ChatDelivery } from './app/notifications/delivering-notifier.js';
import type { DigestPoster } from './scheduling/ports.js';
import { ChatReminderSender } from './scheduling/reminder-sender.js';
import type { RunningScheduler } from './scheduling/scheduler.js';
import { startMongoScheduler } from './store/mongo-scheduling.js';
import { ALL_JOBS } from '../jobs/index.js';
import { ensureIndexes, mongoCaseServices } from './store/mongo-case-services.js';
import { MongoMessageRefRepository } from './store/mongo-message-ref.repository.js';
import { MongoLetterArchive } from './store/mongo-letter.archive.js';
import { LETTERS_PATH, LetterLinks } from './letters/letter-links.js';
import { LetterNotifier } from './letters/letter-notifier.js';
import { loadLetterAssets } from './letters/letter-pdf.js';
import { letterRoute } from './letters/letter-route.js';
import { LetterService } from './letters/letter-service.js';
import { SmtpLetterEmailer } from './letters/letter-email.js';
import { organisationFrom } from './letters/letter-settings.js';
import { ReportsForChat } from './reports/chat-reports.js';
import { REPORTS_PATH, ReportLinks } from './reports/report-links.js';
import { reportRoute } from './reports/report-route.js';
import { MongoReportCaseSource } from './store/mongo-report-case.source.js';
import type { Log } from './logging/log.js';

export const TEAMS_MESSAGES_PATH = '/api/messages';

export interface Runtime {
  services: CaseServices;
  notifier: BackgroundNotifier;
  /** HTTP routes of the chat adapters that are switched on, by path. */
  routes: Record<string, RequestListener>;
  slack: SlackChannel | null;
  teams: TeamsEndpoint;
  scheduler: RunningScheduler | null;
  /** Letters: stored after approval, previewed before (docs/letters.md). */
  letters: LetterService;
  stop(): Promise<void>;
}

/**
 * Wires the use cases to the database and to every chat channel whose settings are present.
 * main.ts and the end-to-end tests build the app the same way.
 */
export async function createRuntime(options: {
  connection: Connection;
  settings: Settings;
  clock?: () => Date;
  log: Log;
  slackRetries?: number;
  /** Overrides LCP_SCHEDULER (the worker always runs it; tests usually do not). */
  scheduler?: boolean;
}): Promise<Runtime> {
  const { connection, settings, log } = options;
  const clock = options.clock ?? (() => new Date());
  await ensureIndexes(connection);
  // Keyed audit hashes from now on when LCP_AUDIT_KEY is set (src/audit/hash-chain.ts).
  configureAuditKey(settings.LCP_AUDIT_KEY);
  const channels = new CompositeNotifier();
  const notifier = new BackgroundNotifier(channels, log);
  // Letter links are drawn into every case view; the PDFs are served at GET /letters/<token>.
  const letterLinks = new LetterLinks({
    secret: settings.LCP_DOWNLOAD_SECRET,
    publicUrl: settings.LCP_PUBLIC_URL ?? `http://localhost:${settings.PORT}`,
    ttlHours: settings.LCP_LETTER_LINK_HOURS,
    clock,
  });
  // Reports asked for in chat come as signed links to GET /reports/<token> (docs/records-and-reports.md).
  const reportLinks = new ReportLinks({
    secret: settings.LCP_DOWNLOAD_SECRET,
    publicUrl: settings.LCP_PUBLIC_URL ?? `http://localhost:${settings.PORT}`,
    ttlMinutes: settings.LCP_DOWNLOAD_LINK_MINUTES,
    clock,
  });
  const reportSource = new MongoReportCaseSource(connection);
  const services: CaseServices = {
    ...mongoCaseServices(connection, notifier, clock),
    log,
    letterLinks,
    refusalDuration: refusalDuration(settings),
    reports: new ReportsForChat({ source: reportSource, links: reportLinks, clock }),
  };
  const letters = new LetterService({
    archive: new MongoLetterArchive(connection),
    customers: services.customers,
    people: services.people,
    organisation: organisationFrom(settings),
    assets: loadLetterAssets(settings.LCP_ORG_LOGO ?? null),
    clock,
    log,
  });
  channels.add(new LetterNotifier(letters, log));
  // Optional e-mail dispatch of letters over SMTP (issue 12 §5).
  if (settings.SMTP_URL && settings.LCP_MAIL_FROM)
    services.letterEmail = new SmtpLetterEmailer(
      { smtpUrl: settings.SMTP_URL, from: settings.LCP_MAIL_FROM },
      letters,
      organisationFrom(settings),
    );
  const messageRefs = new MongoMessageRefRepository(connection);
  const routes: Record<string, RequestListener> = {};
  const notifierDeps = {
    people: services.people,
    customers: services.customers,
    messageRefs,
    clock,
    log,
    views: services.views,
    events: (id: string) => services.cases.events(id),
    loadCase: (id: string) => services.cases.findById(id),
    letterLinks,
  };

  const deliveries: ChatDelivery[] = [];
  services.maxDelegationDays = settings.LCP_MAX_DELEGATION_DAYS;
  // Filled below as the channels start: delegation notices and admin alerts reach people on each.
  services.messenger = new ChatReminderSender(deliveries, services.people, log);
  const digestPosters: DigestPoster[] = [];
  let slack: SlackChannel | null = null;
  if (settings.SLACK_SIGNING_SECRET && settings.SLACK_BOT_TOKEN) {
    slack = createSlackChannel(
      {
        signingSecret: settings.SLACK_SIGNING_SECRET,
        botToken: settings.SLACK_BOT_TOKEN,
        apiUrl: settings.SLACK_API_URL,
        appToken: settings.SLACK_APP_TOKEN,
        retries: options.slackRetries,
      },
      { services, messageRefs, log },
    );
    channels.add(new DeliveringNotifier(slack.delivery, notifierDeps));
    deliveries.push(slack.delivery);
    const digestChannel = settings.LCP_DIGEST_SLACK_CHANNEL;
    const slackDelivery = slack.delivery;
    if (digestChannel)
      digestPosters.push({ name: 'slack', postDigest: (text) => slackDelivery.postToChannel(digestChannel, text) });
    if (slack.requestListener) routes[SLACK_EVENTS_PATH] = slack.requestListener;
    await slack.start();
  }

  // Teams: with an app id every token is checked; without one only the local demo (or an explicit
  // LCP_TEAMS_UNAUTHENTICATED=local-only) serves it unauthenticated, on 127.0.0.1 (main.ts);
  // anywhere else it is off and /api/messages is not mounted (404).
  const teamsCheck = checkTeamsSettings(settings, settings.NODE_ENV, isLocalDemo(settings));
  for (const warning of teamsCheck.warnings) log(warning);
  const teams = createTeamsEndpoint({
    settings: { ...settings, LCP_TEAMS_UNAUTHENTICATED: teamsCheck.mode === 'local-only' ? 'local-only' : undefined },
    services,
    conversationReferences: new MongoConversationReferenceRepository(connection),
    messageRefs,
    log,
  });
  if (teams.mode !== 'off') {
    channels.add(new DeliveringNotifier(teams.delivery, notifierDeps));
    deliveries.push(teams.delivery);
    const teamsDigest = settings.LCP_DIGEST_TEAMS_CONVERSATION;
    const teamsDelivery = teams.delivery;
    if (teamsDigest)
      digestPosters.push({
        name: 'teams',
        postDigest: (text) =>
          teamsDelivery.postToConversation(teamsDigest, settings.LCP_DIGEST_TEAMS_SERVICE_URL, text),
      });
    routes[TEAMS_MESSAGES_PATH] = (req, res) => void teams.handle(req, res);
  }
  routes[REPORTS_PATH] = reportRoute({
    links: reportLinks,
    source: reportSource,
    people: services.people,
    organisation: settings.LCP_ORG_NAME,
    clock,
    log,
  });
  routes[LETTERS_PATH] = letterRoute({
    links: letterLinks,
    letters,
    cases: services.cases,
    people: services.people,
    ...(services.views ? { views: services.views } : {}),
    clock,
    log,
  });

  const runScheduler = options.scheduler ?? settings.LCP_SCHEDULER === 'on';
  const scheduler = runScheduler
    ? await startMongoScheduler({
        connection,
        jobs: ALL_JOBS,
        services,
        sender: new ChatReminderSender(deliveries, services.people, log),
        settings,
        digestPosters,
        clock,
        log,
        // Demos and tests: sweeps every few seconds so reminders fall due while one watches.
        ...(settings.LCP_SWEEP_EVERY_SECONDS
          ? {
              processEvery: settings.LCP_SWEEP_EVERY_SECONDS * 1000,
              everyOverride: settings.LCP_SWEEP_EVERY_SECONDS * 1000,
            }
          : {}),
      })
    : null;

  return {
    services,
    notifier,
    routes,
    slack,
    teams,
    scheduler,
    letters,
    async stop() {
      // Stop taking work first, let running jobs and notifications finish, then the channels.
      await scheduler?.stop();
      await notifier.idle();
      await slack?.stop();
    },
  };
}
