// Plain, bilingual pages for failures of the HTML forms. The person may not have told us their language yet
// (the link itself may be bad), so every such page says it in zh-CN and en. No stack traces, no details.
import type { Language } from '../domain/values.ts';
import type { MonthFinalFormError } from '../errors.ts';
import { html } from '../html/html.ts';
import { page } from '../html/page.ts';

const TEXTS: Record<number, { zh: [string, string]; en: [string, string] }> = {
  400: { zh: ['请求无效', '提交的内容有误。'], en: ['Bad request', 'What was sent could not be read.'] },
  401: { zh: ['需要登录', '缺少有效的凭据。'], en: ['Not signed in', 'A valid credential is required.'] },
  403: {
    zh: ['此链接无效', '此链接无效或已被撤销。请使用邮件中最新的链接。'],
    en: [
      'This link is not valid',
      'This link is not valid or has been revoked. Please use the latest link you were sent.',
    ],
  },
  404: { zh: ['页面不存在', '找不到这个页面。'], en: ['Not found', 'There is no page at this address.'] },
  405: {
    zh: ['不支持的操作', '此页面不支持该请求方法。'],
    en: ['Not allowed', 'This page does not accept that method.'],
  },
  409: {
    zh: ['冲突', '内容已被修改，请重试。'],
    en: ['Conflict', 'It was changed meanwhile; please try again.'],
  },
  410: {
    zh: ['此链接已失效', '此链接已过期，或调查已经结束。'],
    en: ['This link is no longer valid', 'This link has expired, or the survey has closed.'],
  },
  413: { zh: ['内容过大', '提交的内容太长。'], en: ['Too large', 'What was sent is too long.'] },
  415: {
    zh: ['格式不支持', '不支持此内容格式。'],
    en: ['Unsupported format', 'That content type is not accepted.'],
  },
  500: {
    zh: ['出错了', '服务器出现问题，请稍后再试。'],
    en: ['Something went wrong', 'Please try again later.'],
  },
};

export function errorPage(status: number): string {
  const t = TEXTS[status] ?? TEXTS[status >= 500 ? 500 : 400]!;
  return page({
    lang: 'zh-CN',
    title: `${t.zh[0]} · ${t.en[0]}`,
    body: html`<div class="card">
<h1>${t.zh[0]}</h1><p>${t.zh[1]}</p>
<h1 lang="en">${t.en[0]}</h1><p lang="en">${t.en[1]}</p>
</div>`,
  });
}

const FINAL_TEXTS: Record<Language, { title: string; body: (month: string, since: string) => string }> = {
  'zh-CN': {
    title: '本月考核已定稿',
    body: (month, since) => `${month} 的考核自 ${since} 起已定稿，不能再提交或修改。如需更正，请联系管理员。`,
  },
  en: {
    title: 'This month is final',
    body: (month, since) =>
      `The scores of ${month} are final since ${since}: nothing can be submitted or changed any more. If something must be corrected, ask an administrator.`,
  },
};

/** The page of a form of a final month (410): which month, since when; in its reader's language when known. */
export function monthFinalPage(error: MonthFinalFormError): string {
  const shown: Language[] = error.lang ? [error.lang] : ['zh-CN', 'en'];
  return page({
    lang: shown[0]!,
    title: shown.map((l) => FINAL_TEXTS[l].title).join(' · '),
    body: html`<div class="card">
${shown.map((l) => html`<h1 lang="${l}">${FINAL_TEXTS[l].title}</h1><p lang="${l}">${FINAL_TEXTS[l].body(error.month, error.finalSinceLocal)}</p>`)}
</div>`,
  });
}
