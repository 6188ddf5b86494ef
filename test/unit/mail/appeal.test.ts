// The appeal in the emails: the provisional report carries the appeal link (HTML and text) only while appeals
// are open; the manager's email names the indicators, the reason and the card's figures; the engineer's names
// the outcome and why; user text is escaped. The appeal page's indicator names are the rubric's.
import { describe, expect, it } from 'vitest';
import type { Appeal } from '#shared/domain/appeal.ts';
import { renderAppealFiled, renderAppealOutcome } from '#shared/mail/appeal.ts';
import { renderEngineerReport } from '#shared/mail/engineerReport.ts';
import { renderTeamSummary } from '#shared/mail/teamSummary.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { defaultIndicatorNames } from '#shared/rubric/defaultParts.ts';
import { byAttr, config, exampleCard, parseHtml, textOf, XSS } from './fixtures.ts';

const engineer = { name: '张三', email: 'zhang.san@example.com', language: 'zh-CN' as const };
const card = exampleCard('A');
const url = 'https://kpi.example.com/a/WyJhcHBlYWwi.sig';

const appeal: Appeal = {
  id: 'ap-2026-10-e1-x',
  engineerId: 'e1',
  month: '2026-10',
  cardRevision: 2,
  indicators: ['learning', 'complaints'],
  reason: `考试成绩未录入 ${XSS}`,
  status: 'open',
  filedAt: '2026-11-04T02:00:00.000Z',
  updatedAt: '2026-11-04T02:00:00.000Z',
  deadline: '2026-11-10T01:00:00.000Z',
  revisions: [],
};

describe('the report email and the appeal link', () => {
  it('carries the link in HTML and text while appeals are open, and none otherwise', async () => {
    const open = await renderEngineerReport(
      { engineer, scoreCard: card, rubric: defaultRubric, appealUrl: url },
      config,
    );
    const link = byAttr(parseHtml(open.html), 'data-appeal');
    expect(textOf(link)).toContain('提出申诉');
    expect(open.html).toContain(`href="${url}"`);
    expect(open.text).toContain(`提出申诉: ${url}`);
    const closed = await renderEngineerReport({ engineer, scoreCard: card, rubric: defaultRubric }, config);
    expect(closed.html).not.toContain('data-appeal');
    expect(closed.text).not.toContain('/a/');
  });
});

describe('appeal emails', () => {
  it("tells the manager the indicators, the reason (escaped) and the card's figures, in their language", () => {
    const mail = renderAppealFiled(
      {
        appeal,
        rubric: defaultRubric,
        timeZone: 'Asia/Shanghai',
        recipient: { email: 'manager@example.com', language: 'en' },
        engineer: { name: '张三' },
        card,
      },
      config,
    );
    expect(mail.to).toEqual(['manager@example.com']);
    expect(mail.subject).toBe('Appeal: 张三 about October 2026');
    expect(mail.text).toContain('Indicators: Learning and knowledge sharing, Customer complaints');
    expect(mail.text).toContain(`The result the engineer saw (revision 2)`);
    expect(mail.text).toContain(`Total: ${card.total} / ${card.maxTotal}`);
    expect(mail.html).not.toContain('<script>');
    expect(textOf(byAttr(parseHtml(mail.html), 'data-reason'))).toContain(XSS);
  });

  it('tells the engineer the outcome and why, with the correction when upheld with one', () => {
    const mail = renderAppealOutcome(
      {
        appeal: {
          ...appeal,
          status: 'upheld',
          resolvedAt: '2026-11-05T06:30:00.000Z',
          resolvedBy: '王敏',
          outcomeReason: '成绩已补录',
          correction: { indicator: 'learning', points: 12 },
        },
        rubric: defaultRubric,
        timeZone: 'Asia/Shanghai',
        engineer,
      },
      config,
    );
    expect(mail.to).toEqual([engineer.email]);
    expect(mail.subject).toBe('您对 2026年10月 考核结果的申诉已处理');
    expect(mail.text).toContain('结果：申诉成立');
    expect(mail.text).toContain('成绩已补录');
    expect(mail.text).toContain('技术学习交流与成长 已调整为 12 分');
  });

  it("the appeal page's indicator names are the rubric's", () => {
    for (const indicator of defaultRubric.indicators) {
      expect(defaultIndicatorNames[indicator.key]).toEqual(indicator.name);
    }
  });
});

describe('the team summary', () => {
  it("lists the month's appeals with their status, in HTML and text", async () => {
    const mail = await renderTeamSummary(
      {
        month: '2026-10',
        recipient: { email: 'dept@example.com', language: 'zh-CN' },
        rubric: defaultRubric,
        engineers: [{ id: 'e1', name: '张三', scoreCard: card }],
        appeals: [
          { engineerName: '张三', status: 'open', indicators: ['learning'] },
          { engineerName: '李四', status: 'rejected', indicators: ['complaints', 'resolution'] },
        ],
      },
      config,
    );
    const html = textOf(parseHtml(mail.html));
    expect(html).toContain('张三 — 待处理：技术学习交流与成长');
    expect(html).toContain('李四 — 未采纳：客户投诉次数、项目技术解决率');
    expect(mail.text).toContain('申诉：');
    expect(mail.text).toContain('  - 李四 — 未采纳：客户投诉次数、项目技术解决率');
  });
});
