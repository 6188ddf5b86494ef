// Issuing and checking the two kinds of form links. The invitation job and the demo issue links with these;
// the form handlers check them. A token names a record; the record (invitation, engineer) decides the rest.
import { config } from '../config.ts';
import { linkKey } from './key.ts';
import { type LinkClaims, type LinkKind, signLink, verifyLink } from './token.ts';

/** Survey invitations are never re-issued with another version: the invitation itself is closed instead. */
export const SURVEY_LINK_VERSION = 1;

function surveyPath(token: string): string {
  return `/s/${token}`;
}

function dailyReportPath(token: string): string {
  return `/r/${token}`;
}

function absolute(path: string, baseUrl: string | undefined): string {
  const base = baseUrl ?? config().publicBaseUrl;
  if (!base) throw new Error('no public base URL: set PUBLIC_BASE_URL so links can be put into emails');
  return new URL(path, base.endsWith('/') ? base : `${base}/`).toString();
}

/** The survey link of an invitation; it expires when the invitation's survey window closes. */
export async function surveyLink(
  invitation: { id: string; expiresAt: string },
  baseUrl?: string,
): Promise<{ token: string; url: string }> {
  const token = signLink(await linkKey(), {
    kind: 'survey',
    id: invitation.id,
    version: SURVEY_LINK_VERSION,
    expiresAt: Math.floor(Date.parse(invitation.expiresAt) / 1000),
  });
  return { token, url: absolute(surveyPath(token), baseUrl) };
}

/** An engineer's personal daily-report link, valid for DAILY_REPORT_LINK_DAYS unless revoked. */
export async function dailyReportLink(
  engineer: { id: string; dailyReportLinkVersion: number },
  now: Date,
  baseUrl?: string,
): Promise<{ token: string; url: string }> {
  const token = signLink(await linkKey(), {
    kind: 'dailyReport',
    id: engineer.id,
    version: engineer.dailyReportLinkVersion,
    expiresAt: Math.floor(now.getTime() / 1000) + config().dailyReportLinkDays * 86_400,
  });
  return { token, url: absolute(dailyReportPath(token), baseUrl) };
}

/** Verifies a token of the expected kind with this process's key (403/410 errors as in token.ts). */
export async function checkLink(token: string, kind: LinkKind, now: Date): Promise<LinkClaims> {
  return verifyLink(await linkKey(), token, kind, now);
}
