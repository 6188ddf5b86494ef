// The spreadsheets attached to the emails (exceljs): the engineer's monthly KPI sheet laid out like the
// company's (indicator · weight · rule · data source · points · remarks, then the total) and the team table
// as .xlsx and .csv.
import ExcelJS from 'exceljs';
import type { RevisionChanges } from '../domain/revision.ts';
import type { Language } from '../domain/values.ts';
import type { ScoreCard } from '../scoring/scoreCard.ts';
import { formatMonth, type MailRubric, revisionChangeLines, revisionWords, words } from './locale.ts';
import { flagLines } from './measured.ts';
import { fittingRowHeight, type WrappedCell } from './rowHeight.ts';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV_TYPE = 'text/csv; charset=utf-8';

const THIN = { style: 'thin' as const, color: { argb: 'FF9AA5B1' } };
const BORDER = { top: THIN, left: THIN, bottom: THIN, right: THIN };
const HEADER_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFEEF2F7' } };
const FLAG_FILL = { type: 'pattern' as const, pattern: 'solid' as const, fgColor: { argb: 'FFFFF6E0' } };

// Stored, not deflated: JSZip's pure-JS deflate was a large share of the CPU of rendering a report, and a
// stored sheet is still small (bench/mail.ts measures both). Every spreadsheet program opens stored zip entries.
const WRITE_OPTIONS = { zip: { compression: 'STORE' as const } };

/** A file name safe on every OS and mail client: no path or reserved characters. */
export function safeFileName(name: string): string {
  return name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, '_').trim() || 'file';
}

async function toBuffer(data: ArrayBuffer | Uint8Array | Buffer): Promise<Buffer> {
  return Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
}

interface KpiSheetInput {
  engineerName: string;
  scoreCard: ScoreCard;
  rubric: MailRubric;
  language: Language;
  /** What changed since the previous revision: each changed indicator's remarks say old → new and why. */
  changes?: RevisionChanges | undefined;
}

// Header and footer codes: & starts a code, so a literal & is written twice.
const headerText = (text: string) => text.replaceAll('&', '&&');

/**
 * How a sheet prints, as the company's own sheets do: A4, one page wide (and one page tall when `onePage`),
 * the title and month at the top of every page with the header row repeated under it, page numbers below,
 * only the table in the print area, and the header row frozen on screen.
 */
function setUpPrinting(
  sheet: ExcelJS.Worksheet,
  layout: {
    title: string;
    language: Language;
    headerRow: number;
    lastRow: number;
    frozenColumns: number;
    orientation: 'portrait' | 'landscape';
    onePage: boolean;
  },
): void {
  const lastColumn = sheet.getColumn(sheet.columnCount).letter;
  sheet.pageSetup = {
    ...sheet.pageSetup,
    paperSize: 9, // A4
    orientation: layout.orientation,
    fitToPage: true,
    fitToWidth: 1,
    // 0: as many pages tall as the rows need (the team table grows with the team).
    fitToHeight: layout.onePage ? 1 : 0,
    horizontalCentered: true,
    margins: { left: 0.4, right: 0.4, top: 0.7, bottom: 0.6, header: 0.3, footer: 0.3 },
    printArea: `A1:${lastColumn}${layout.lastRow}`,
    printTitlesRow: `${layout.headerRow}:${layout.headerRow}`,
  };
  sheet.headerFooter = {
    ...sheet.headerFooter,
    oddHeader: `&C&"-,Bold"&12${headerText(layout.title)}`,
    // Page codes go in as they are: the words around them hold no &.
    oddFooter: `&C${words[layout.language].pageNumber('&P', '&N')}`,
  };
  sheet.views = [{ state: 'frozen', ySplit: layout.headerRow, xSplit: layout.frozenColumns }];
}

/** The width of all the sheet's columns: a title merged across the table wraps in it. */
function tableWidth(sheet: ExcelJS.Worksheet): number {
  let width = 0;
  for (let col = 1; col <= sheet.columnCount; col++) width += sheet.getColumn(col).width ?? 9;
  return width;
}

/** Sets a row as tall as the wrapped text of its cells needs, each in its own column's width. */
function fitRowHeight(sheet: ExcelJS.Worksheet, row: ExcelJS.Row): void {
  const cells: WrappedCell[] = [];
  row.eachCell((cell, col) => {
    const text = typeof cell.value === 'string' ? cell.value : String(cell.text ?? '');
    cells.push({ text, columnWidth: sheet.getColumn(col).width ?? 9 });
  });
  row.height = fittingRowHeight(cells);
}

/** Row numbers of the KPI sheet, for readers (tests, scripts) of the file. */
export const KPI_SHEET_LAYOUT = { headerRow: 3, firstIndicatorRow: 4, pointsColumn: 5 } as const;

/** The month's KPI sheet for one engineer, headers in the engineer's language. */
export async function kpiSheetXlsx(input: KpiSheetInput): Promise<Buffer> {
  const { scoreCard: card, rubric, language } = input;
  const w = words[language];
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'presales-kpi';
  const sheet = workbook.addWorksheet(card.month);
  sheet.columns = [{ width: 20 }, { width: 8 }, { width: 46 }, { width: 20 }, { width: 8 }, { width: 46 }];
  const titleText = w.sheetTitle(input.engineerName, formatMonth(card.month, language));
  const changeLines = input.changes ? revisionChangeLines(input.changes, rubric, language) : [];

  sheet.mergeCells('A1:F1');
  const title = sheet.getCell('A1');
  title.value = titleText;
  title.font = { bold: true, size: 14 };
  title.alignment = { vertical: 'top', wrapText: true };
  sheet.getRow(1).height = fittingRowHeight([
    { text: titleText, columnWidth: tableWidth(sheet), fontSize: 14 },
  ]);
  sheet.mergeCells('A2:F2');
  sheet.getCell('A2').value = w.rubricNote(card.rubric);
  sheet.getCell('A2').font = { italic: true, size: 9, color: { argb: 'FF616E7C' } };

  const header = sheet.getRow(KPI_SHEET_LAYOUT.headerRow);
  header.values = [w.indicator, w.weight, w.rule, w.dataSource, w.points, w.remarks];
  header.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  fitRowHeight(sheet, header);

  card.indicators.forEach((result, i) => {
    const rule = rubric.indicators.find((r) => r.key === result.key);
    const change = changeLines.find((c) => c.indicator === result.key);
    const remarks = [
      result.explanation[language],
      ...flagLines(result, language),
      ...(change && input.changes
        ? [
            `${revisionWords[language].changesTitle(input.changes.previousRevision)}${w.colon}${change.heading}`,
            ...change.reasons,
          ]
        : []),
    ].join('\n');
    const row = sheet.getRow(KPI_SHEET_LAYOUT.firstIndicatorRow + i);
    row.values = [
      rule?.name[language] ?? result.key,
      result.weight / 100,
      rule?.rule[language] ?? '',
      rule?.dataSource[language] ?? '',
      result.points,
      remarks,
    ];
    row.getCell(2).numFmt = '0%';
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = BORDER;
      cell.alignment = {
        vertical: 'top',
        wrapText: true,
        horizontal: col === 2 || col === 5 ? 'center' : 'left',
      };
      if (result.flags.length > 0 && (col === 5 || col === 6)) cell.fill = FLAG_FILL;
    });
    fitRowHeight(sheet, row);
  });

  const first = KPI_SHEET_LAYOUT.firstIndicatorRow;
  const last = first + card.indicators.length - 1;
  const totalRow = sheet.getRow(last + 1);
  totalRow.values = [
    w.total,
    { formula: `SUM(B${first}:B${last})`, result: card.indicators.reduce((s, r) => s + r.weight, 0) / 100 },
    '',
    '',
    { formula: `SUM(E${first}:E${last})`, result: card.total },
    w.of(String(card.maxTotal)),
  ];
  totalRow.getCell(2).numFmt = '0%';
  totalRow.eachCell({ includeEmpty: true }, (cell, col) => {
    cell.font = { bold: true };
    cell.border = BORDER;
    cell.alignment = { vertical: 'top', horizontal: col === 2 || col === 5 ? 'center' : 'left' };
  });
  fitRowHeight(sheet, totalRow);

  // Six wide columns of text: landscape, and one page, the one sheet HR files for the month.
  setUpPrinting(sheet, {
    title: titleText,
    language,
    headerRow: KPI_SHEET_LAYOUT.headerRow,
    lastRow: last + 1,
    frozenColumns: 1,
    orientation: 'landscape',
    onePage: true,
  });
  return toBuffer(await workbook.xlsx.writeBuffer(WRITE_OPTIONS));
}

export interface TeamRow {
  rank: number;
  engineerId: string;
  engineerName: string;
  scoreCard: ScoreCard;
}

export interface AttentionItem {
  kind: string;
  engineerName: string;
  detail: string;
}

function teamHeader(rubric: MailRubric, language: Language): string[] {
  const w = words[language];
  return [w.rank, w.engineer, ...rubric.indicators.map((i) => i.name[language]), w.total, w.flags];
}

function rowFlags(card: ScoreCard, rubric: MailRubric, language: Language): string {
  const w = words[language];
  const marks = card.indicators.flatMap((r) => {
    const name = rubric.indicators.find((i) => i.key === r.key)?.name[language] ?? r.key;
    return r.flags.map((f) => `${name}: ${f === 'no-data' ? w.noData : w.overridden}`);
  });
  return marks.join('; ');
}

function pointsOf(card: ScoreCard, rubric: MailRubric): number[] {
  return rubric.indicators.map((i) => card.indicators.find((r) => r.key === i.key)?.points ?? 0);
}

/** Row numbers of the team summary's table, for readers (tests, scripts) of the file. */
export const TEAM_SHEET_LAYOUT = { headerRow: 2, firstEngineerRow: 3, firstPointsColumn: 3 } as const;

/** The ranked team table (and a second sheet listing what needs attention). */
export async function teamSummaryXlsx(input: {
  month: string;
  rows: readonly TeamRow[];
  attention: readonly AttentionItem[];
  rubric: MailRubric;
  language: Language;
}): Promise<Buffer> {
  const { rubric, language } = input;
  const w = words[language];
  const month = formatMonth(input.month, language);
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'presales-kpi';
  const sheet = workbook.addWorksheet(w.summarySheet);
  const header = teamHeader(rubric, language);
  const flagsColumn = header.length;
  sheet.columns = header.map((_, i) =>
    // rank · engineer · six indicators · total · flags
    ({ width: i === 0 ? 6 : i === 1 ? 18 : i === flagsColumn - 1 ? 36 : i === flagsColumn - 2 ? 8 : 11 }),
  );
  const titleText = `${w.summarySheet} — ${month}`;
  sheet.mergeCells(1, 1, 1, header.length);
  sheet.getCell('A1').value = titleText;
  sheet.getCell('A1').font = { bold: true, size: 14 };
  sheet.getCell('A1').alignment = { vertical: 'top', wrapText: true };
  sheet.getRow(1).height = fittingRowHeight([
    { text: titleText, columnWidth: tableWidth(sheet), fontSize: 14 },
  ]);
  const headerRow = sheet.getRow(TEAM_SHEET_LAYOUT.headerRow);
  headerRow.values = header;
  headerRow.eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
  });
  fitRowHeight(sheet, headerRow);
  input.rows.forEach((row, i) => {
    const r = sheet.getRow(TEAM_SHEET_LAYOUT.firstEngineerRow + i);
    r.values = [
      row.rank,
      row.engineerName,
      ...pointsOf(row.scoreCard, rubric),
      row.scoreCard.total,
      rowFlags(row.scoreCard, rubric, language),
    ];
    r.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = BORDER;
      cell.alignment = {
        vertical: 'top',
        wrapText: true,
        horizontal: col === 2 || col === flagsColumn ? 'left' : 'center',
      };
    });
    row.scoreCard.indicators.forEach((result) => {
      const col =
        TEAM_SHEET_LAYOUT.firstPointsColumn + rubric.indicators.findIndex((ind) => ind.key === result.key);
      if (result.flags.length > 0) r.getCell(col).fill = FLAG_FILL;
    });
    fitRowHeight(sheet, r);
  });
  // Ten columns do not fit a portrait page's width at a readable size; a long team runs on down the pages.
  setUpPrinting(sheet, {
    title: titleText,
    language,
    headerRow: TEAM_SHEET_LAYOUT.headerRow,
    lastRow: Math.max(
      TEAM_SHEET_LAYOUT.headerRow,
      TEAM_SHEET_LAYOUT.firstEngineerRow + input.rows.length - 1,
    ),
    frozenColumns: 2,
    orientation: 'landscape',
    onePage: false,
  });

  const attention = workbook.addWorksheet(w.attentionSheet);
  attention.columns = [{ width: 24 }, { width: 18 }, { width: 70 }];
  attention.getRow(1).values = [w.kind, w.engineer, w.detail];
  attention.getRow(1).eachCell((cell) => {
    cell.font = { bold: true };
    cell.fill = HEADER_FILL;
    cell.border = BORDER;
  });
  input.attention.forEach((item, i) => {
    const r = attention.getRow(2 + i);
    r.values = [item.kind, item.engineerName, item.detail];
    r.eachCell((cell) => {
      cell.border = BORDER;
      cell.alignment = { vertical: 'top', wrapText: true };
    });
    fitRowHeight(attention, r);
  });
  setUpPrinting(attention, {
    title: `${w.attentionSheet} — ${month}`,
    language,
    headerRow: 1,
    lastRow: 1 + input.attention.length,
    frozenColumns: 0,
    orientation: 'portrait',
    onePage: false,
  });
  return toBuffer(await workbook.xlsx.writeBuffer(WRITE_OPTIONS));
}

// A cell a spreadsheet would read as a formula (=, +, -, @, tab, CR) is prefixed with ' (OWASP CSV injection).
function csvSafe(value: string | number): string | number {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** The ranked team table as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese names right). */
export async function teamSummaryCsv(input: {
  rows: readonly TeamRow[];
  rubric: MailRubric;
  language: Language;
}): Promise<Buffer> {
  const { rubric, language } = input;
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('summary');
  const header = teamHeader(rubric, language);
  sheet.addRow([header[0], 'id', ...header.slice(1)]);
  for (const row of input.rows) {
    sheet.addRow(
      [
        row.rank,
        row.engineerId,
        row.engineerName,
        ...pointsOf(row.scoreCard, rubric),
        row.scoreCard.total,
        rowFlags(row.scoreCard, rubric, language),
      ].map(csvSafe),
    );
  }
  return toBuffer(await workbook.csv.writeBuffer({ formatterOptions: { writeBOM: true } }));
}
