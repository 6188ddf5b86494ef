// The emails of a month's finalisation: the "final" team summary says so in its subject and body in both
// languages (and a regular one does not), and the notice that open appeals hold finalisation names each appeal.
import { describe, expect, it } from 'vitest';
import { renderFinalisationHeld } from '#shared/mail/finalisationHeld.ts';
import { renderTeamSummary, type TeamSummaryInput } from '#shared/mail/teamSummary.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { byAttr, config, exampleCard, parseHtml, textOf, XSS } from './fixtures.ts';

const summary = (language: 'zh-CN' | 'en', final: boolean): TeamSummaryInput => ({
  month: '2026-10',
  final,
  recipient: { name: '王经理', email: 'dept.manager@example.com', language },
  rubric: defaultRubric,
  engineers: [{ id: 'e-b', name: 'Bob', scoreCard: exampleCard('P') }],
});

describe('the final team summary', () => {
  it('is marked final in the subject and the body, in Chinese and in English', async () => {
    const zh = await renderTeamSummary(summary('zh-CN', true), config);
    expect(zh.subject).toBe('【最终】2026年10月 团队绩效汇总');
    expect(textOf(byAttr(parseHtml(zh.html), 'data-final')[0]!)).toContain('最终汇总：2026年10月 已定稿');
    expect(zh.text).toContain('最终汇总：2026年10月 已定稿');
    const en = await renderTeamSummary(summary('en', true), config);
    expect(en.subject).toBe('[Final] Team KPI summary for October 2026');
    expect(en.text).toContain('Final summary: October 2026 is final and these are the scores that count');
  });

  it('is not marked on a regular run', async () => {
    const mail = await renderTeamSummary(summary('en', false), config);
    expect(mail.subject).toBe('Team KPI summary for October 2026');
    expect(byAttr(parseHtml(mail.html), 'data-final')).toEqual([]);
    expect(mail.text).not.toContain('Final summary');
  });
});

describe('the notice that open appeals hold finalisation', () => {
  it('names each open appeal, in the manager’s language, escaped', () => {
    const input = {
      month: '2026-10',
      recipient: { email: 'dept.manager@example.com', language: 'en' as const },
      openAppeals: [
        { engineerId: 'e-1', engineerName: 'Alice', appealId: 'a-1' },
        { engineerId: 'e-2', engineerName: XSS, appealId: 'a-2' },
      ],
    };
    const en = renderFinalisationHeld(input, config);
    expect(en.subject).toBe('October 2026 is not final yet: appeals are open');
    expect(en.text).toContain('2 appeals are still open, so the month stays provisional');
    expect(en.text).toContain('  - Alice (e-1): appeal a-1');
    const items = byAttr(parseHtml(en.html), 'data-open-appeal').map(textOf);
    expect(items).toEqual(['Alice (e-1): appeal a-1', `${XSS} (e-2): appeal a-2`]);
    expect(en.html).not.toContain('<script');
    const zh = renderFinalisationHeld(
      { ...input, recipient: { email: 'm@example.com', language: 'zh-CN' } },
      config,
    );
    expect(zh.subject).toBe('2026年10月 尚有未处理的申诉，暂未定稿');
    expect(zh.text).toContain('Alice（e-1）：申诉 a-1');
  });
});
