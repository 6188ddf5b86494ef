// The engineer's report as the engineer reads it: the card's numbers, their language, flags, the chart, and
// the attached KPI sheet read back from the file.
import { describe, expect, it } from 'vitest';
import { revisionChanges } from '#shared/domain/revision.ts';
import { renderEngineerReport } from '#shared/mail/engineerReport.ts';
import { formatPoints } from '#shared/mail/locale.ts';
import { KPI_SHEET_LAYOUT } from '#shared/mail/sheets.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import type { ScoreCard } from '#shared/scoring/scoreCard.ts';
import {
  busyMonth,
  byAttr,
  config,
  EXAMPLES,
  elementsAndAttributes,
  exampleCard,
  numberIn,
  parseHtml,
  readWorkbook,
  score,
  textOf,
  XSS,
} from './fixtures.ts';

const engineer = { name: '张三', email: 'zhang.san@example.com', managerEmail: 'manager@example.com' };
const sixMonths = (card: ScoreCard) => [
  { month: '2026-05', total: 90 },
  { month: '2026-06', total: 107 },
  { month: '2026-07', total: 70 },
  { month: '2026-08', total: 0 },
  { month: '2026-09', total: 88 },
  { month: card.month, total: card.total },
];

describe('engineer report', () => {
  it('shows exactly the score card’s points and total, for every example month', async () => {
    for (const name of EXAMPLES) {
      const card = exampleCard(name);
      const mail = await renderEngineerReport({ engineer, scoreCard: card, rubric: defaultRubric }, config);
      const doc = parseHtml(mail.html);
      expect(textOf(byAttr(doc, 'data-total')), name).toBe(formatPoints(card.total));
      for (const r of card.indicators) {
        expect(textOf(byAttr(doc, 'data-points', r.key)), `${name} ${r.key}`).toBe(formatPoints(r.points));
        const rule = defaultRubric.indicators.find((i) => i.key === r.key)!;
        expect(mail.text, `${name} ${r.key}`).toContain(
          `${rule.name['zh-CN']} (权重 ${r.weight}%): ${formatPoints(r.points)} / ${formatPoints(r.maxPoints)}`,
        );
      }
      expect(mail.text).toContain(`总分：${formatPoints(card.total)} / 107`);
      expect(mail.subject).toContain(`${formatPoints(card.total)} / 107`);
    }
  });

  it('goes to the engineer with their manager in copy, with both parts and the sheet attached', async () => {
    const card = score(busyMonth());
    const mail = await renderEngineerReport({ engineer, scoreCard: card, rubric: defaultRubric }, config);
    expect(mail.to).toEqual(['zhang.san@example.com']);
    expect(mail.cc).toEqual(['manager@example.com']);
    expect(mail.html).toMatch(/^<!DOCTYPE html>/);
    expect(mail.text.length).toBeGreaterThan(200);
    expect(mail.attachments?.map((a) => a.filename)).toEqual(['KPI-2026-10-张三.xlsx']);
  });

  it('is in Chinese by default and in English for an English reader', async () => {
    const card = score(busyMonth());
    const zh = await renderEngineerReport({ engineer, scoreCard: card, rubric: defaultRubric }, config);
    const en = await renderEngineerReport(
      { engineer: { ...engineer, name: 'Alice', language: 'en' }, scoreCard: card, rubric: defaultRubric },
      config,
    );
    expect(zh.html).toContain('<html lang="zh-CN">');
    expect(zh.subject).toBe(`2026年10月 绩效考核结果：${card.total} / 107 分`);
    expect(textOf(parseHtml(zh.html))).toContain('项目技术解决率');
    expect(en.html).toContain('<html lang="en">');
    expect(en.subject).toBe(`Your KPI report for October 2026: ${card.total} of 107`);
    const enText = textOf(parseHtml(en.html));
    expect(enText).toContain('Technical resolution');
    expect(enText).not.toContain('项目技术解决率');
    expect(en.text).toContain('Hello Alice,');
  });

  it('says what was counted: failed customers, survey mean and responses, missed weeks, complaints, exam and stories, missed days and verdict', async () => {
    const card = score(busyMonth({ exam: 92 }));
    const en = await renderEngineerReport(
      { engineer: { ...engineer, language: 'en' }, scoreCard: card, rubric: defaultRubric },
      config,
    );
    const text = textOf(parseHtml(en.html));
    expect(text).toContain('Customers not resolved independently in time: 2 (Acme 北京, Beta)');
    expect(text).toContain('Survey mean 92.0 from 3 responses');
    expect(text).toContain('城域网改造: W41 (Oct 5–Oct 11)');
    expect(text).toContain('Confirmed complaints: 1 (pending 1, dismissed 1');
    expect(text).toContain('Training exam 92 → base 8');
    expect(text).toContain('Success stories shared: 2 → +4');
    expect(text).toContain('Missed 2 of 22 workdays: Oct 14, Oct 22');
    expect(text).toContain('Submitted after the deadline (still missed): Oct 14');
    expect(text).toContain('Verdict on the reports: insightful (+2)');
    // The same facts in the plain-text part.
    expect(en.text).toContain('Missed 2 of 22 workdays: Oct 14, Oct 22');
  });

  it('flags no-data and shows an override with the computed figure, who made it and why', async () => {
    const card = score(busyMonth({ overrideReason: '客户撤回投诉', by: '王经理' }));
    const complaints = card.indicators.find((r) => r.key === 'complaints')!;
    expect(complaints.flags).toContain('overridden');
    const mail = await renderEngineerReport({ engineer, scoreCard: card, rubric: defaultRubric }, config);
    const doc = parseHtml(mail.html);
    expect(byAttr(doc, 'data-flag', 'no-data')).toHaveLength(1);
    expect(byAttr(doc, 'data-flag', 'overridden')).toHaveLength(1);
    const row = textOf(byAttr(doc, 'data-indicator', 'complaints'));
    expect(row).toContain(
      `经理调整：计算得分 ${complaints.computedPoints} → 15；调整人：王经理；原因：客户撤回投诉`,
    );
    expect(textOf(byAttr(doc, 'data-indicator', 'learning'))).toContain('无数据');
  });

  it('marks a revised report in the subject and the body, and only then', async () => {
    const card = score(busyMonth());
    const first = await renderEngineerReport({ engineer, scoreCard: card, rubric: defaultRubric }, config);
    const revised = await renderEngineerReport(
      { engineer, scoreCard: card, rubric: defaultRubric, revised: true, revision: 3 },
      config,
    );
    expect(first.subject.startsWith('【修订】')).toBe(false);
    expect(byAttr(parseHtml(first.html), 'data-revised')).toHaveLength(0);
    expect(revised.subject.startsWith('【修订】')).toBe(true);
    expect(textOf(byAttr(parseHtml(revised.html), 'data-revised'))).toContain('第 3 版');
    expect(revised.text).toContain('本报告已修订（第 3 版）');
  });

  it('draws the last six months as six bars scaled to the highest total, this month darker', async () => {
    const card = score(busyMonth());
    const history = [{ month: '2026-03', total: 50 }, { month: '2026-04', total: 60 }, ...sixMonths(card)];
    const mail = await renderEngineerReport(
      { engineer, scoreCard: card, rubric: defaultRubric, history },
      config,
    );
    const bars = byAttr(parseHtml(mail.html), 'data-bar');
    expect(bars.map((b) => b.attribs['data-bar'])).toEqual([
      '2026-05',
      '2026-06',
      '2026-07',
      '2026-08',
      '2026-09',
      '2026-10',
    ]);
    const heights = bars.map((b) => Number(b.attribs.height));
    expect(heights[1]).toBe(100); // 107 of 107
    expect(heights[0]).toBe(Math.round((90 / 107) * 100));
    expect(heights[3]).toBe(1); // a zero month still has a baseline
    expect(bars[5]!.attribs.bgcolor).not.toBe(bars[0]!.attribs.bgcolor);
    expect(mail.text.split('\n').filter((l) => /^2026-\d\d {2}█*/.test(l))).toHaveLength(6);
  });

  it('ends the chart at this month with this card’s total, whatever the history holds', async () => {
    const card = score(busyMonth());
    const history = [
      { month: '2026-09', total: 88 },
      { month: '2026-10', total: 1 }, // a stale total of this month
      { month: '2026-11', total: 99 }, // a later month: not part of this report
    ];
    const mail = await renderEngineerReport(
      { engineer, scoreCard: card, rubric: defaultRubric, history },
      config,
    );
    const bars = byAttr(parseHtml(mail.html), 'data-bar');
    expect(bars.map((b) => b.attribs['data-bar'])).toEqual(['2026-09', '2026-10']);
    expect(Number(bars[1]!.attribs.height)).toBe(Math.round((card.total / 107) * 100));
  });

  it('is built for mail clients: inline styles only, no scripts, style sheets or remote images', async () => {
    const card = score(busyMonth());
    const mail = await renderEngineerReport({ engineer, scoreCard: card, rubric: defaultRubric }, config);
    const doc = parseHtml(mail.html);
    const { tags } = elementsAndAttributes(doc);
    for (const tag of ['style', 'script', 'link', 'img', 'iframe', 'svg', 'canvas'])
      expect(tags.has(tag), tag).toBe(false);
    // Every table cell carries its own style: clients drop <style> blocks, so nothing is left to a sheet.
    const cells = [
      ...byAttr(doc, 'data-bar'),
      ...byAttr(doc, 'data-indicator').flatMap((row) => row.children),
    ];
    const unstyled = cells.filter(
      (c) => c.type === 'tag' && ['td', 'th'].includes(c.name) && !c.attribs.style,
    );
    expect(cells.length).toBeGreaterThan(6);
    expect(unstyled).toHaveLength(0);
  });

  it('escapes user text: engineer name, customer names, override reason and author', async () => {
    const card = score(busyMonth({ customers: [XSS, 'Beta'], overrideReason: XSS, by: XSS }));
    const mail = await renderEngineerReport(
      { engineer: { ...engineer, name: XSS }, scoreCard: card, rubric: defaultRubric },
      config,
    );
    const doc = parseHtml(mail.html);
    const { tags, attributes } = elementsAndAttributes(doc);
    expect(tags.has('script')).toBe(false);
    expect(tags.has('img')).toBe(false);
    expect(attributes.has('onerror')).toBe(false);
    // Shown as the text it is.
    const text = textOf(doc);
    expect(text).toContain(`${XSS}，您好`);
    expect(text).toContain(`调整人：${XSS}；原因：${XSS}`);
    expect(text).toContain(`未按时独立解决的客户 2 家：${XSS}`);
  });

  it('attaches the KPI sheet: the sheet’s columns in the engineer’s language, the same points and total', async () => {
    const card = score(busyMonth({ exam: 92 }));
    for (const language of ['zh-CN', 'en'] as const) {
      const mail = await renderEngineerReport(
        { engineer: { ...engineer, language }, scoreCard: card, rubric: defaultRubric },
        config,
      );
      const workbook = await readWorkbook(mail.attachments![0]!.content);
      const sheet = workbook.worksheets[0]!;
      const header = (sheet.getRow(KPI_SHEET_LAYOUT.headerRow).values as unknown[]).slice(1);
      expect(header).toEqual(
        language === 'zh-CN'
          ? ['指标名称', '权重', '指标定义/评分标准', '数据来源', '得分', '备注']
          : ['Indicator', 'Weight', 'Definition / scoring rule', 'Data source', 'Points', 'Remarks'],
      );
      card.indicators.forEach((r, i) => {
        const row = sheet.getRow(KPI_SHEET_LAYOUT.firstIndicatorRow + i);
        const rule = defaultRubric.indicators.find((x) => x.key === r.key)!;
        expect(row.getCell(1).value).toBe(rule.name[language]);
        expect(row.getCell(2).value).toBeCloseTo(r.weight / 100);
        expect(row.getCell(3).value).toBe(rule.rule[language]);
        expect(row.getCell(4).value).toBe(rule.dataSource[language]);
        expect(row.getCell(KPI_SHEET_LAYOUT.pointsColumn).value).toBe(r.points);
        expect(String(row.getCell(6).value)).toContain(r.explanation[language]);
      });
      const totalRow = sheet.getRow(KPI_SHEET_LAYOUT.firstIndicatorRow + card.indicators.length);
      expect(totalRow.getCell(1).value).toBe(language === 'zh-CN' ? '总分' : 'Total');
      expect(numberIn(totalRow.getCell(KPI_SHEET_LAYOUT.pointsColumn))).toBe(card.total);
    }
  });

  it('puts override and no-data remarks in the sheet', async () => {
    const card = score(busyMonth({ overrideReason: '客户撤回投诉' }));
    const mail = await renderEngineerReport({ engineer, scoreCard: card, rubric: defaultRubric }, config);
    const sheet = (await readWorkbook(mail.attachments![0]!.content)).worksheets[0]!;
    const remarks = (key: string) =>
      String(
        sheet
          .getRow(KPI_SHEET_LAYOUT.firstIndicatorRow + card.indicators.findIndex((r) => r.key === key))
          .getCell(6).value,
      );
    expect(remarks('complaints')).toContain('原因：客户撤回投诉');
    expect(remarks('learning')).toContain('无数据');
  });

  it('a revised report lists what changed since the revision before, in the email and the sheet; a first one does not', async () => {
    const before = score(busyMonth({ exam: 64 }));
    const card = score(busyMonth({ exam: 91 }));
    const changes = revisionChanges({
      previous: before,
      previousRevision: 2,
      current: card,
      changes: [],
      zone: 'Asia/Shanghai',
    });
    const learning = (c: typeof card) => c.indicators.find((r) => r.key === 'learning')!.points;
    const revised = await renderEngineerReport(
      { engineer, scoreCard: card, rubric: defaultRubric, revised: true, revision: 3, changes },
      config,
    );
    const doc = parseHtml(revised.html);
    expect(byAttr(doc, 'data-changed').map((el) => el.attribs['data-changed'])).toEqual(['learning']);
    const line = `技术学习交流与成长 ${learning(before)} → ${learning(card)}`;
    expect(textOf(byAttr(doc, 'data-changed', 'learning')[0]!)).toBe(`${line}考试成绩 64 → 91（设定）`);
    expect(revised.text).toContain(
      `与第 2 版相比的变化：\n总分 ${before.total} → ${card.total}\n- ${line}\n    考试成绩 64 → 91（设定）`,
    );
    const sheet = (await readWorkbook(revised.attachments![0]!.content)).worksheets[0]!;
    const remarks = String(
      sheet
        .getRow(KPI_SHEET_LAYOUT.firstIndicatorRow + card.indicators.findIndex((r) => r.key === 'learning'))
        .getCell(6).value,
    );
    expect(remarks).toContain(`与第 2 版相比的变化：${line}\n考试成绩 64 → 91（设定）`);

    const first = await renderEngineerReport(
      { engineer, scoreCard: card, rubric: defaultRubric, changes },
      config,
    );
    expect(byAttr(parseHtml(first.html), 'data-changed')).toEqual([]);
    expect(first.text).not.toContain('与第 2 版相比的变化');
  });
});
