// Issuing and checking the two kinds of form links. The invitation job and the demo issue links with these;
// the form handlers check them. A token names a record; the record (invitation, engineer) decides the rest.
import { config } from '../config.ts';
import { LinkInvalidError } from '../errors.ts';
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

/** What an appeal link names: the engineer-month, and the card revision its report showed. */
export interface AppealLinkSubject {
  engineerId: string;
  month: string;
  cardRevision: number;
}

const APPEAL_SUBJECT = /^([A-Za-z0-9][A-Za-z0-9._-]{0,63})\/(\d{4}-\d{2})\/r(\d{1,6})$/;

/**
 * The appeal link of a provisional report: names the engineer-month and the card revision the report shows,
 * carries the engineer's daily-report link version (`kpi engineers rotate-link` revokes it too) and expires at
 * the month's appeal deadline.
 */
export async function appealLink(
  subject: AppealLinkSubject,
  engineer: { dailyReportLinkVersion: number },
  deadline: Date,
  baseUrl?: string,
): Promise<{ token: string; url: string }> {
  const token = signLink(await linkKey(), {
    kind: 'appeal',
    id: `${subject.engineerId}/${subject.month}/r${subject.cardRevision}`,
    version: engineer.dailyReportLinkVersion,
    expiresAt: Math.floor(deadline.getTime() / 1000),
  });
  return { token, url: absolute(`/a/${token}`, baseUrl) };
}

/**
 * Verifies an appeal token (signature and kind; 403 otherwise). Past its expiry it is still read, so the page
 * can say which month's appeals closed and when: `expired` says so.
 */
export async function checkAppealLink(
  token: string,
  now: Date,
): Promise<AppealLinkSubject & { version: number; expiresAt: Date; expired: boolean }> {
  const claims = verifyLink(await linkKey(), token, 'appeal', now, { expiry: 'caller' });
  const match = APPEAL_SUBJECT.exec(claims.id);
  if (!match) throw new LinkInvalidError('link names no engineer-month');
  const expiresAt = new Date(claims.expiresAt * 1000);
  return {
    engineerId: match[1]!,
    month: match[2]!,
    cardRevision: Number(match[3]),
    version: claims.version,
    expiresAt,
    expired: now.getTime() >= expiresAt.getTime(),
  };
}

/** Verifies a token of the expected kind with this process's key (403/410 errors as in token.ts). */
export async function checkLink(token: string, kind: LinkKind, now: Date): Promise<LinkClaims> {
  return verifyLink(await linkKey(), token, kind, now);
}
