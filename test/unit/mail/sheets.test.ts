// The print setup and cell types of the attached workbooks, as any spreadsheet application reads them from
// the file (the render test prints them with LibreOffice; this is what Excel gets told).
import { describe, expect, it } from 'vitest';
import type { Language } from '#shared/domain/values.ts';
import { formatMonth, words } from '#shared/mail/locale.ts';
import { KPI_SHEET_LAYOUT, kpiSheetXlsx, TEAM_SHEET_LAYOUT, teamSummaryXlsx } from '#shared/mail/sheets.ts';
import { rankEngineers } from '#shared/mail/teamSummary.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { busyMonth, exampleCard, readWorkbook, score } from './fixtures.ts';

const busy = score(busyMonth());

describe.each(['zh-CN', 'en'] as Language[])('workbook print setup (%s)', (language) => {
  const w = words[language];

  it('prints the engineer’s sheet on one landscape A4 page with the header row repeated', async () => {
    const workbook = await readWorkbook(
      await kpiSheetXlsx({ engineerName: 'A & B', scoreCard: busy, rubric: defaultRubric, language }),
    );
    const sheet = workbook.worksheets[0]!;
    const lastRow = KPI_SHEET_LAYOUT.firstIndicatorRow + busy.indicators.length;
    expect(sheet.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 1,
      printArea: `A1:F${lastRow}`,
      printTitlesRow: '3:3',
    });
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: KPI_SHEET_LAYOUT.headerRow });
    // & starts a header code, so the name's & is doubled.
    expect(sheet.headerFooter.oddHeader).toContain(w.sheetTitle('A && B', formatMonth(busy.month, language)));
    expect(sheet.headerFooter.oddFooter).toContain(w.pageNumber('&P', '&N'));
  });

  it('wraps a title too long for the page width onto more lines instead of cutting it off', async () => {
    const titleHeight = async (engineerName: string) =>
      (
        await readWorkbook(
          await kpiSheetXlsx({ engineerName, scoreCard: busy, rubric: defaultRubric, language }),
        )
      ).worksheets[0]!.getRow(1).height;
    expect(await titleHeight('张伟'.repeat(60))).toBeGreaterThan(await titleHeight('张伟'));
  });

  it('stores weights and points as numbers and makes each indicator’s row tall enough for its rule', async () => {
    const workbook = await readWorkbook(
      await kpiSheetXlsx({ engineerName: '张伟', scoreCard: busy, rubric: defaultRubric, language }),
    );
    const sheet = workbook.worksheets[0]!;
    busy.indicators.forEach((result, i) => {
      const row = sheet.getRow(KPI_SHEET_LAYOUT.firstIndicatorRow + i);
      expect(row.getCell(2).value).toBe(result.weight / 100);
      expect(row.getCell(KPI_SHEET_LAYOUT.pointsColumn).value).toBe(result.points);
      // Every rule wraps to at least two lines in its column.
      expect(row.height).toBeGreaterThan(2 * 11 * 1.4);
    });
  });

  it('prints the team summary one landscape page wide, as many tall as the team needs', async () => {
    const engineers = Array.from({ length: 60 }, (_, i) => ({
      id: `e-${i}`,
      name: `工程师 ${i + 1}`,
      scoreCard: i % 2 ? busy : exampleCard('H'),
    }));
    const workbook = await readWorkbook(
      await teamSummaryXlsx({
        month: '2026-10',
        rows: rankEngineers(engineers, language),
        attention: [{ kind: w.noDataItems, engineerName: '工程师 1', detail: 'x' }],
        rubric: defaultRubric,
        language,
      }),
    );
    const [table, attention] = workbook.worksheets;
    expect(table!.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: 'landscape',
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      printArea: `A1:J${TEAM_SHEET_LAYOUT.firstEngineerRow + 59}`,
      printTitlesRow: '2:2',
    });
    expect(table!.views[0]).toMatchObject({ state: 'frozen', ySplit: 2, xSplit: 2 });
    expect(table!.headerFooter.oddHeader).toContain(
      `${w.summarySheet} — ${formatMonth('2026-10', language)}`,
    );
    expect(attention!.pageSetup).toMatchObject({ fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
    const first = table!.getRow(TEAM_SHEET_LAYOUT.firstEngineerRow);
    for (let col = 1; col <= 9; col++) if (col !== 2) expect(typeof first.getCell(col).value).toBe('number');
  });
});
