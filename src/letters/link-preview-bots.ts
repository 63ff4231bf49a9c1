import type { IncomingMessage } from 'node:http';

// Chat services fetch every link they show to draw a preview ("unfurl"): Slack's Slackbot, Teams'
// SkypeUriPreview and the other well-known link expanders. Such a fetch is not a person opening
// the letter, so it is neither given the PDF nor recorded as a view of the case.
const PREVIEW_BOTS =
  /slackbot|slack-imgproxy|skypeuripreview|microsoftpreview|bingpreview|facebookexternalhit|twitterbot|linkedinbot|discordbot|whatsapp|telegrambot|googlebot|embedly|iframely|existence discovery/i;

export function isLinkPreviewBot(request: Pick<IncomingMessage, 'headers'>): boolean {
  const agent = request.headers['user-agent'];
  return typeof agent === 'string' && PREVIEW_BOTS.test(agent);
}
