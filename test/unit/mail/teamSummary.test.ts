// The department manager's team summary: the ranking, what needs attention, escaping, and the attached table
// read back from the .xlsx and the .csv.
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { rankEngineers, renderTeamSummary, type TeamSummaryInput } from '#shared/mail/teamSummary.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import {
  busyMonth,
  byAttr,
  config,
  elementsAndAttributes,
  exampleCard,
  numberIn,
  parseHtml,
  readWorkbook,
  score,
  textOf,
  XSS,
} from './fixtures.ts';

function team(): TeamSummaryInput {
  return {
    month: '2026-10',
    recipient: { name: '王经理', email: 'dept.manager@example.com' },
    rubric: defaultRubric,
    engineers: [
      { id: 'e-a', name: 'Zoe', scoreCard: exampleCard('H') }, // 97
      { id: 'e-b', name: 'Bob', scoreCard: exampleCard('P') }, // 106
      { id: 'e-c', name: 'Amy', scoreCard: exampleCard('H') }, // 97, ties with Zoe: Amy first
      {
        id: 'e-d',
        name: '李四',
        scoreCard: score(busyMonth({ overrideReason: '客户撤回投诉', by: '王经理' })),
      },
    ],
    unansweredInvitations: [{ respondentName: '陈销售', engineerName: 'Zoe' }],
    parkedFailures: [{ engineerId: 'e-x', engineerName: '赵六', reason: 'score card could not be stored' }],
  };
}

describe('team summary', () => {
  it('ranks by total, ties by name sharing a rank', () => {
    const rows = rankEngineers(team().engineers, 'en');
    expect(rows.map((r) => [r.rank, r.engineerName, r.scoreCard.total])).toEqual([
      [1, 'Bob', 106],
      [2, 'Amy', 97],
      [2, 'Zoe', 97],
      [4, '李四', rows[3]!.scoreCard.total],
    ]);
  });

  it('shows every engineer’s six points and total in rank order, to the department manager', async () => {
    const input = team();
    const mail = await renderTeamSummary(input, config);
    expect(mail.to).toEqual(['dept.manager@example.com']);
    expect(mail.subject).toBe('2026年10月 团队绩效汇总');
    const doc = parseHtml(mail.html);
    const rows = byAttr(doc, 'data-engineer');
    expect(rows.map((r) => r.attribs['data-engineer'])).toEqual(['e-b', 'e-c', 'e-a', 'e-d']);
    for (const row of rows) {
      const engineer = input.engineers.find((e) => e.id === row.attribs['data-engineer'])!;
      const cells = byAttr(row, 'data-points');
      expect(cells.map((c) => textOf(c).replace('*', ''))).toEqual(
        engineer.scoreCard.indicators.map((r) => String(r.points)),
      );
      expect(textOf(byAttr(row, 'data-total'))).toBe(String(engineer.scoreCard.total));
    }
    expect(mail.text).toContain('1. Bob — 总分 106');
  });

  it('names what needs attention: no-data, overrides, unanswered invitations and parked failures', async () => {
    const mail = await renderTeamSummary(team(), config);
    const text = textOf(parseHtml(mail.html));
    expect(text).toContain('李四 — 技术学习交流与成长'); // no exam score
    expect(text).toMatch(/李四 — 客户投诉次数：\d+ → 15（王经理：客户撤回投诉）/);
    expect(text).toContain('陈销售 尚未评价 Zoe');
    expect(text).toContain('赵六：score card could not be stored');
    expect(mail.text).toContain('赵六：score card could not be stored');
  });

  it('says when nothing needs attention', async () => {
    const mail = await renderTeamSummary(
      {
        month: '2026-10',
        recipient: { email: 'dept.manager@example.com', language: 'en' },
        rubric: defaultRubric,
        engineers: [{ id: 'e-b', name: 'Bob', scoreCard: exampleCard('P') }],
      },
      config,
    );
    expect(mail.subject).toBe('Team KPI summary for October 2026');
    expect(textOf(parseHtml(mail.html))).toContain('Nothing needs attention this month.');
  });

  it('escapes names, reasons and respondents', async () => {
    const input = team();
    input.engineers = [
      { id: 'e-x', name: XSS, scoreCard: score(busyMonth({ overrideReason: XSS, by: XSS })) },
      ...input.engineers,
    ];
    input.unansweredInvitations = [{ respondentName: XSS, engineerName: XSS }];
    input.parkedFailures = [{ engineerId: 'e-y', engineerName: XSS, reason: XSS }];
    const mail = await renderTeamSummary(input, config);
    const doc = parseHtml(mail.html);
    const { tags, attributes } = elementsAndAttributes(doc);
    expect(tags.has('script')).toBe(false);
    expect(tags.has('img')).toBe(false);
    expect(attributes.has('onerror')).toBe(false);
    expect(textOf(doc)).toContain(`${XSS}：${XSS}`);
  });

  it('attaches the table as .xlsx and .csv holding the same ranks, points and totals', async () => {
    const input = team();
    const mail = await renderTeamSummary(
      { ...input, recipient: { ...input.recipient, language: 'en' } },
      config,
    );
    expect(mail.attachments?.map((a) => a.filename)).toEqual([
      'KPI-team-2026-10.xlsx',
      'KPI-team-2026-10.csv',
    ]);
    const ranked = rankEngineers(input.engineers, 'en');

    const workbook = await readWorkbook(mail.attachments![0]!.content);
    const sheet = workbook.getWorksheet('Team summary')!;
    expect((sheet.getRow(2).values as unknown[]).slice(1, 3)).toEqual(['Rank', 'Engineer']);
    ranked.forEach((r, i) => {
      const row = sheet.getRow(3 + i);
      expect(row.getCell(1).value).toBe(r.rank);
      expect(row.getCell(2).value).toBe(r.engineerName);
      r.scoreCard.indicators.forEach((ind, j) => {
        expect(numberIn(row.getCell(3 + j))).toBe(ind.points);
      });
      expect(numberIn(row.getCell(9))).toBe(r.scoreCard.total);
    });
    const attention = workbook.getWorksheet('Needs attention')!;
    expect(attention.rowCount).toBe(1 + 1 + 1 + 1 + 1); // header, parked, no-data, override, unanswered

    const csv = mail.attachments![1]!.content;
    expect(csv.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const records: string[][] = parse(csv, { bom: true });
    expect(records[0]!.slice(0, 3)).toEqual(['Rank', 'id', 'Engineer']);
    ranked.forEach((r, i) => {
      const record = records[1 + i]!;
      expect(record.slice(0, 3)).toEqual([String(r.rank), r.engineerId, r.engineerName]);
      expect(record.slice(3, 9)).toEqual(r.scoreCard.indicators.map((ind) => String(ind.points)));
      expect(record[9]).toBe(String(r.scoreCard.total));
    });
  });

  it('keeps a name a spreadsheet would run as a formula as text in the .csv', async () => {
    const input = team();
    input.engineers = [
      { id: 'e-f', name: '=HYPERLINK("http://evil.example","x")', scoreCard: exampleCard('P') },
    ];
    const mail = await renderTeamSummary(input, config);
    const records: string[][] = parse(mail.attachments![1]!.content, { bom: true });
    expect(records[1]![2]).toBe(`'=HYPERLINK("http://evil.example","x")`);
  });

  it('a revised summary is marked so and lists who changed, old → new total, escaped; a first one is not', async () => {
    const first = await renderTeamSummary(team(), config);
    expect(first.subject).toBe('2026年10月 团队绩效汇总');
    expect(byAttr(parseHtml(first.html), 'data-changed-since')).toEqual([]);

    const revised = await renderTeamSummary(
      {
        ...team(),
        recipient: { email: 'dept.manager@example.com', language: 'en' },
        changedSinceLast: [
          { engineerId: 'e-a', engineerName: `Zoe${XSS}`, fromTotal: 92, toTotal: 97, revision: 3 },
        ],
      },
      config,
    );
    expect(revised.subject).toBe('[Revised] Team KPI summary for October 2026');
    const doc = parseHtml(revised.html);
    expect(textOf(byAttr(doc, 'data-changed', 'e-a')[0]!)).toBe(`Zoe${XSS}: 92 → 97 (revision 3)`);
    expect(elementsAndAttributes(doc).tags).not.toContain('script');
    expect(revised.text).toContain(`Changed since the last summary:\n  - Zoe${XSS}: 92 → 97 (revision 3)`);
  });
});
