// The Surveys page in zh-CN and en: the month's invitations (who was asked about whom, when it was emailed,
// answered and reminded) and, for an admin, a button per open invitation that emails it once more. The link is a
// credential: the page carries the invitation's id and a fresh resend request id, never the link or its token.
import { randomUUID } from 'node:crypto';
import { localTimeWithZone } from '../domain/monthTimeline.ts';
import type { Language } from '../domain/values.ts';
import { html } from '../html/html.ts';
import type { Session } from './session.ts';
import type { SurveysView } from './surveys.ts';
import { consoleHref, layout, monthChoice } from './views.ts';

const TEXTS = {
  'zh-CN': {
    title: (month: string) => `${month} 问卷`,
    month: '月份',
    show: '显示',
    summary: (invited: number, answered: number, reminded: number) =>
      `已邀请 ${invited}，已答 ${answered}，已提醒 ${reminded}。`,
    invitations: '问卷邀请（可横向滚动）',
    engineer: '被评工程师',
    respondent: '答卷人',
    sent: '已发送',
    answered: '已答',
    reminded: '已提醒',
    action: '操作',
    none: '—',
    notSent: '未发送',
    notAnswered: '未答',
    closed: '已截止',
    resendShort: '重新发送邀请',
    resendWho: (respondent: string, engineer: string) => `（${respondent} 评 ${engineer}）`,
    resent: (email: string) => `邀请已重新发送至 ${email}。`,
    already: (email: string) => `该请求已处理过，邀请已发送至 ${email}，未重复发送。`,
    noInvitations: '本月尚无问卷邀请。',
    kinds: { 'regional-sales-manager': '区域销售经理', 'customer-contact': '客户联系人' } as Record<
      string,
      string
    >,
  },
  en: {
    title: (month: string) => `Surveys ${month}`,
    month: 'Month',
    show: 'Show',
    summary: (invited: number, answered: number, reminded: number) =>
      `${invited} invited, ${answered} answered, ${reminded} reminded.`,
    invitations: 'Survey invitations (scrolls sideways)',
    engineer: 'About engineer',
    respondent: 'Respondent',
    sent: 'Emailed',
    answered: 'Answered',
    reminded: 'Reminded',
    action: 'Action',
    none: '—',
    notSent: 'not emailed',
    notAnswered: 'not answered',
    closed: 'closed',
    resendShort: 'Resend invitation',
    resendWho: (respondent: string, engineer: string) => ` (${respondent} about ${engineer})`,
    resent: (email: string) => `The invitation was emailed again to ${email}.`,
    already: (email: string) => `That request had been sent already to ${email}; nothing was sent twice.`,
    noInvitations: 'No survey invitations for this month yet.',
    kinds: {
      'regional-sales-manager': 'regional sales manager',
      'customer-contact': 'customer contact',
    } as Record<string, string>,
  },
} as const;

export function surveysPage(
  view: SurveysView,
  session: Session,
  lang: Language,
  resent?: { state: 'sent' | 'already'; email: string },
): string {
  const t = TEXTS[lang];
  const at = (instant: string | null, missing: string) =>
    instant ? localTimeWithZone(instant, view.timezone) : missing;
  const admin = session.role === 'admin';
  const rows = view.rows.map(
    (
      r,
    ) => html`<tr data-invitation="${r.invitationId}"><th scope="row">${r.engineer.name}<br><span class="muted">${r.engineer.region}</span></th>
<td>${r.respondent.name}<br><span class="muted">${t.kinds[r.respondent.kind] ?? ''}</span></td>
<td>${at(r.sentAt, t.notSent)}</td><td>${at(r.answeredAt, t.notAnswered)}</td><td>${at(r.remindedAt, t.none)}</td>
${
  admin
    ? html`<td>${
        r.open
          ? html`<form method="post" action="${consoleHref('/console/surveys/resend', lang)}">
<input type="hidden" name="csrf" value="${session.csrf}">
<input type="hidden" name="month" value="${view.month}">
<input type="hidden" name="invitationId" value="${r.invitationId}">
<input type="hidden" name="requestId" value="${randomUUID()}">
<button type="submit" class="quiet">${t.resendShort}<span class="hidden-label">${t.resendWho(r.respondent.name, r.engineer.name)}</span></button>
</form>`
          : t.closed
      }</td>`
    : ''
}</tr>`,
  );
  const body = html`<h1>${t.title(view.month)}</h1>
${resent ? html`<p class="ok" role="status">${resent.state === 'sent' ? t.resent(resent.email) : t.already(resent.email)}</p>` : ''}
<section class="card" aria-labelledby="month-title">
<h2 id="month-title">${t.summary(view.invited, view.answered, view.reminded)}</h2>
${monthChoice('/console/surveys', lang, view.months, view.month, t)}
</section>
<section class="card">
${
  view.rows.length === 0
    ? html`<p>${t.noInvitations}</p>`
    : html`<div class="scroll" tabindex="0" role="region" aria-label="${t.invitations}"><table>
<thead><tr><th scope="col">${t.engineer}</th><th scope="col">${t.respondent}</th><th scope="col">${t.sent}</th><th scope="col">${t.answered}</th><th scope="col">${t.reminded}</th>${admin ? html`<th scope="col">${t.action}</th>` : ''}</tr></thead>
<tbody>${rows}</tbody></table></div>`
}
</section>`;
  return layout({
    lang,
    title: t.title(view.month),
    session,
    otherLanguageHref: consoleHref('/console/surveys', lang === 'en' ? 'zh-CN' : 'en', { month: view.month }),
    body,
  });
}
