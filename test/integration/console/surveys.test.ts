// The console's Surveys page over HTTP: who was invited, answered and reminded in the month, a viewer seeing their
// own region's engineers only; the admin resends one invitation — one email in the SES stand-in, with the link,
// while the page's HTML never carries the link or its token; the same request posted twice sends once; a viewer's
// resend and a resend without the CSRF token are refused (403) and send nothing.
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser, LocalProvider } from '../../../local/oidcProvider.ts';
import { keys } from '../../../shared/storage/keys.ts';
import { markInvitationReminded, markInvitationSent } from '../../../shared/storage/survey.ts';
import { type CookieJar, request, signIn, useConsoleProvider } from '../../support/console.ts';
import { clearSentEmails, emailsTo, readSentEmails, useSesLocal } from '../../support/ses.ts';
import { useStack } from '../../support/stack.ts';

const ses = useSesLocal();
const stack = useStack();
const MONTH = '2026-11';
let provider: LocalProvider;
let admin: ConsoleUser;
let viewer: ConsoleUser;
let adminJar: CookieJar;
let northInvitation: string;
let eastInvitation: string;
let closedInvitation: string;
let northRespondentEmail: string;

beforeAll(async () => {
  // The console's resend sends through this file's SES stand-in (read on the handlers' first request).
  process.env.SES_ENDPOINT = ses.ses.url;
  ({ provider, admin, viewer } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  const north = await stack.engineer({ name: '北方工程师', region: '华北' });
  const east = await stack.engineer({ name: '东方工程师', region: '华东' });
  const manager = await stack.respondent({
    kind: 'regional-sales-manager',
    name: '华北销售经理',
    region: '华北',
    customer: undefined,
    language: 'en',
  });
  northRespondentEmail = manager.email;
  const contact = await stack.respondent({ name: '客户联系人' });
  const a = await stack.invitation({ respondentId: manager.id, engineerId: north.id, month: MONTH });
  const b = await stack.invitation({ respondentId: contact.id, engineerId: east.id, month: MONTH });
  const c = await stack.invitation({
    respondentId: contact.id,
    engineerId: north.id,
    month: MONTH,
    expiresAt: new Date(Date.now() - 60_000).toISOString(),
  });
  await markInvitationSent(stack.storage, a.id, new Date('2026-11-25T01:00:00Z'));
  await markInvitationSent(stack.storage, b.id, new Date('2026-11-25T01:00:00Z'));
  await markInvitationReminded(stack.storage, b.id, new Date('2026-11-28T01:00:00Z'));
  northInvitation = a.id;
  eastInvitation = b.id;
  closedInvitation = c.id;
  adminJar = await signIn(stack.url, admin);
});

afterAll(async () => {
  await provider?.stop();
});

const pageUrl = () => `${stack.url}/console/surveys?month=${MONTH}&lang=en`;

async function surveysPage(jar: CookieJar): Promise<string> {
  const page = await request(jar, pageUrl());
  expect(page.status).toBe(200);
  return page.text();
}

function resendFields(
  body: string,
  invitationId: string,
): { csrf: string; month: string; invitationId: string; requestId: string } {
  const form = new RegExp(
    `<tr data-invitation="${invitationId}">[\\s\\S]*?name="csrf" value="([^"]+)"[\\s\\S]*?name="requestId" value="([^"]+)"`,
  ).exec(body);
  expect(form).not.toBeNull();
  return { csrf: form![1]!, month: MONTH, invitationId, requestId: form![2]! };
}

describe('the surveys page', () => {
  it('shows the admin every invitation of the month with when it was emailed and reminded', async () => {
    const body = await surveysPage(adminJar);
    expect(body).toContain('3 invited, 0 answered, 1 reminded.');
    expect(body).toContain(`data-invitation="${northInvitation}"`);
    expect(body).toContain(`data-invitation="${eastInvitation}"`);
    expect(body).toContain('2026-11-25 09:00');
    expect(body).toContain('2026-11-28 09:00');
    // The closed one offers no resend.
    expect(new RegExp(`data-invitation="${closedInvitation}"[\\s\\S]*?</tr>`).exec(body)![0]).not.toContain(
      'requestId',
    );
  });

  it("shows a viewer their own region's engineers only, with no resend button", async () => {
    const jar = await signIn(stack.url, viewer);
    const body = await surveysPage(jar);
    expect(body).toContain('北方工程师');
    expect(body).not.toContain('东方工程师');
    expect(body).not.toContain('name="requestId"');
  });

  it('an unknown month is a 400 naming the field', async () => {
    const answer = await request(adminJar, `${stack.url}/console/surveys?month=2026-13&lang=en`);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain('month: expected a month YYYY-MM');
  });
});

describe('resending one invitation', () => {
  it('sends one email with the link to the respondent; the page never shows the link or its token', async () => {
    await clearSentEmails(ses.ses.url);
    const body = await surveysPage(adminJar);
    const fields = resendFields(body, northInvitation);
    const resent = await request(adminJar, `${stack.url}/console/surveys/resend?lang=en`, { form: fields });
    expect(resent.status).toBe(200);
    const after = await resent.text();
    expect(after).toContain(`The invitation was emailed again to ${northRespondentEmail}.`);
    const emails = await emailsTo(ses.ses.url, northRespondentEmail);
    expect(emails).toHaveLength(1);
    const link = /https?:\/\/[^\s"<]+\/s\/[^\s"<]+/.exec(emails[0]!.text)?.[0];
    expect(link).toBeDefined();
    const token = link!.split('/s/')[1]!.split(/[?#]/)[0]!;
    expect(token.length).toBeGreaterThan(40);
    for (const html of [body, after]) {
      expect(html).not.toContain(link!);
      expect(html).not.toContain('/s/');
      expect(html).not.toContain(token.slice(0, 40));
    }
    // The resend's outbox claim says who asked for it.
    const claim = await stack.storage.doc.send(
      new GetCommand({
        TableName: stack.storage.tableName,
        Key: keys.invitationResent(northInvitation, fields.requestId),
      }),
    );
    expect(claim.Item).toMatchObject({ state: 'sent', label: expect.stringContaining(admin.email) });
    // The same form posted again (a double click, a reload) sends nothing more.
    const again = await request(adminJar, `${stack.url}/console/surveys/resend?lang=en`, { form: fields });
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('nothing was sent twice');
    expect(await emailsTo(ses.ses.url, northRespondentEmail)).toHaveLength(1);
  });

  it('an invitation whose window has closed is not resent (410)', async () => {
    await clearSentEmails(ses.ses.url);
    const body = await surveysPage(adminJar);
    const { csrf } = resendFields(body, northInvitation);
    const answer = await request(adminJar, `${stack.url}/console/surveys/resend?lang=en`, {
      form: { csrf, month: MONTH, invitationId: closedInvitation, requestId: crypto.randomUUID() },
    });
    expect(answer.status).toBe(410);
    expect(await readSentEmails(ses.ses.url)).toEqual([]);
  });

  it("a viewer's resend, and one without the CSRF token, are refused (403) and send nothing", async () => {
    await clearSentEmails(ses.ses.url);
    const jar = await signIn(stack.url, viewer);
    const viewerCsrf = /name="csrf" value="([^"]+)"/.exec(await surveysPage(jar))![1]!;
    const fields = { month: MONTH, invitationId: northInvitation, requestId: crypto.randomUUID() };
    const byViewer = await request(jar, `${stack.url}/console/surveys/resend?lang=en`, {
      form: { ...fields, csrf: viewerCsrf },
    });
    expect(byViewer.status).toBe(403);
    const withoutToken = await request(adminJar, `${stack.url}/console/surveys/resend?lang=en`, {
      form: fields,
    });
    expect(withoutToken.status).toBe(403);
    expect(await readSentEmails(ses.ses.url)).toEqual([]);
  });
});
