// The frame and inline styles every email shares: a 640-px table layout (what Outlook, Gmail and Apple Mail
// all render) that narrows to a phone's width, styles inline on each element because mail clients drop <style>
// blocks. Long unbroken text (an id, an error's ARN) may wrap anywhere rather than widen the page.

import type { Language } from '../domain/values.ts';
import { html, type SafeHtml } from '../html/html.ts';
import type { OutgoingEmail } from './ses.ts';

export const FONT = "font-family:-apple-system,'Segoe UI','PingFang SC','Microsoft YaHei',Arial,sans-serif;";
export const COLOR = {
  text: '#1f2933',
  muted: '#616e7c',
  accent: '#1f5fa8',
  accentLight: '#9fbbe0',
  border: '#d9dee4',
  headerBg: '#eef2f7',
  warnBg: '#fff6e0',
  warnText: '#8a5a00',
  alertBg: '#fdecec',
  alertText: '#a61b1b',
} as const;

export const STYLE = {
  h1: `margin:0 0 12px;font-size:20px;line-height:1.3;color:${COLOR.text};${FONT}`,
  h2: `margin:24px 0 8px;font-size:16px;line-height:1.3;color:${COLOR.text};${FONT}`,
  p: `margin:0 0 12px;font-size:14px;line-height:1.6;color:${COLOR.text};${FONT}`,
  muted: `margin:0 0 8px;font-size:12px;line-height:1.5;color:${COLOR.muted};${FONT}`,
  table: `width:100%;border-collapse:collapse;border:1px solid ${COLOR.border};${FONT}`,
  th: `padding:8px;border:1px solid ${COLOR.border};background:${COLOR.headerBg};font-size:13px;text-align:left;color:${COLOR.text};${FONT}`,
  td: `padding:8px;border:1px solid ${COLOR.border};font-size:13px;vertical-align:top;color:${COLOR.text};${FONT}`,
  tdNum: `padding:8px;border:1px solid ${COLOR.border};font-size:13px;vertical-align:top;text-align:right;white-space:nowrap;color:${COLOR.text};${FONT}`,
  banner: `margin:0 0 16px;padding:10px 12px;background:${COLOR.warnBg};color:${COLOR.warnText};font-size:14px;border-radius:4px;${FONT}`,
  badgeWarn: `display:inline-block;padding:1px 6px;margin:0 4px 2px 0;border-radius:3px;background:${COLOR.warnBg};color:${COLOR.warnText};font-size:12px;${FONT}`,
  badgeAlert: `display:inline-block;padding:1px 6px;margin:0 4px 2px 0;border-radius:3px;background:${COLOR.alertBg};color:${COLOR.alertText};font-size:12px;${FONT}`,
  ul: `margin:0 0 12px;padding-left:20px;font-size:14px;line-height:1.6;color:${COLOR.text};${FONT}`,
} as const;

/** A complete HTML document around `body`, in the reader's language. */
export function page(language: Language, title: string, body: SafeHtml): string {
  return html`<!DOCTYPE html>
<html lang="${language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
</head>
<body style="margin:0;padding:0;background:#f3f4f6;">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background:#f3f4f6;">
<tr><td align="center" style="padding:16px 8px;">
<table role="presentation" width="640" cellpadding="0" cellspacing="0" border="0" style="width:100%;max-width:640px;background:#ffffff;border:1px solid ${COLOR.border};border-radius:6px;">
<tr><td style="padding:20px;${FONT}color:${COLOR.text};font-size:14px;line-height:1.6;overflow-wrap:anywhere;word-break:break-word;">
${body}
</td></tr>
</table>
</td></tr>
</table>
</body>
</html>
`.value;
}

/** User text with its line breaks kept (a comment, a reason): escaped first, then <br>. */
export function multiline(text: string): SafeHtml {
  return html`${text.split(/\r\n|\r|\n/).map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}`;
}

/** A short email to one reader: no copy, no attachment, the HTML `body` in the frame and its plain `text`. */
export function shortEmail(
  to: string,
  language: Language,
  subject: string,
  body: SafeHtml,
  text: string,
): OutgoingEmail {
  return { to: [to], cc: [], subject, html: page(language, subject, body), text, attachments: [] };
}
