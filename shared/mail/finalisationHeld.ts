// The notice that open appeals hold a month's finalisation: the finalise job left the month provisional, and the
// department manager is told which appeals wait for a decision (sent once per set of open appeals).
import { DEFAULT_LANGUAGE, type Language } from '../domain/values.ts';
import { html } from '../html/html.ts';
import { fillSubject, type MailConfig } from './config.ts';
import { STYLE, shortEmail } from './layout.ts';
import { formatMonth, words } from './locale.ts';
import type { OutgoingEmail } from './ses.ts';

interface FinalisationHeldInput {
  month: string;
  recipient: { name?: string | undefined; email: string; language?: Language | undefined };
  openAppeals: ReadonlyArray<{ engineerId: string; engineerName: string; appealId: string }>;
}

const TEXT = {
  'zh-CN': {
    intro: (month: string, n: number) =>
      `定稿任务未能将 ${month} 定稿：还有 ${n} 项申诉尚未处理，该月仍为临时状态。全部处理后，定稿任务会在下一次运行时定稿。`,
    appeal: (name: string, id: string, appealId: string) => `${name}（${id}）：申诉 ${appealId}`,
    how: '处理申诉：kpi appeals resolve <申诉编号> --upheld|--rejected --reason "…"',
  },
  en: {
    intro: (month: string, n: number) =>
      `The finalise job did not finalise ${month}: ${n === 1 ? '1 appeal is' : `${n} appeals are`} still open, so the month stays provisional. Once every appeal is resolved, the job finalises it on its next run.`,
    appeal: (name: string, id: string, appealId: string) => `${name} (${id}): appeal ${appealId}`,
    how: 'Resolve an appeal: kpi appeals resolve <appeal id> --upheld|--rejected --reason "…"',
  },
} as const satisfies Record<Language, unknown>;

/** Renders the notice: the month, why it is not final, each open appeal (engineer and appeal id). */
export function renderFinalisationHeld(input: FinalisationHeldInput, config: MailConfig): OutgoingEmail {
  const language = input.recipient.language ?? DEFAULT_LANGUAGE;
  const t = TEXT[language];
  const w = words[language];
  const month = formatMonth(input.month, language);
  const subject = fillSubject(config, 'finalisationHeld', language, { month });
  const lines = input.openAppeals.map((a) => t.appeal(a.engineerName, a.engineerId, a.appealId));
  const body = html`<h1 style="${STYLE.h1}">${subject}</h1>
${input.recipient.name ? html`<p style="${STYLE.p}">${w.greeting(input.recipient.name)}</p>` : ''}
<p style="${STYLE.p}">${t.intro(month, lines.length)}</p>
<ul style="${STYLE.ul}">${lines.map((line) => html`<li data-open-appeal="true">${line}</li>`)}</ul>
<p style="${STYLE.muted}">${t.how}</p>`;
  const text = [
    subject,
    '',
    ...(input.recipient.name ? [w.greeting(input.recipient.name)] : []),
    t.intro(month, lines.length),
    '',
    ...lines.map((line) => `  - ${line}`),
    '',
    t.how,
    '',
  ].join('\n');
  return shortEmail(input.recipient.email, language, subject, body, text);
}
