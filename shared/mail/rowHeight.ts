// Row heights for wrapped text. A workbook stores each row's height, and a spreadsheet application opening
// it (LibreOffice on import, Excel until the row is edited) does not grow a row to fit its wrapped text: the
// lines of a long rule are drawn over the next row or cut off. So the writer estimates, from the text and
// its column's width, how many lines each cell wraps to and sets the row that tall.

// East Asian wide and full-width characters take about two digit widths (a column's width unit).
const WIDE_CLASS = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\u2E80-\u303F\u3200-\u33FF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6`;
const WIDE = new RegExp(`[${WIDE_CLASS}]`, 'u');
// Where a line may break: after a run of Latin text (with the spaces after it), or around any wide character.
const BREAKS = new RegExp(String.raw`\s+|[^\s${WIDE_CLASS}]+\s*|.`, 'gsu');

/** Text width in a column's width unit (one digit); CJK characters count as two. */
export function textWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

// A cell's text starts a little in from each border; and proportional Latin letters (m, W) are wider than a
// digit on average in words, so a line holds somewhat less than the column's nominal width.
const CELL_PADDING = 1;
const USABLE_SHARE = 0.9;

/** Lines `text` takes in a wrapping cell of `columnWidth` (in digit widths), filling lines greedily. */
export function wrappedLineCount(text: string, columnWidth: number): number {
  const available = Math.max(1, (columnWidth - CELL_PADDING) * USABLE_SHARE);
  let lines = 0;
  for (const paragraph of text.split(/\r?\n/)) {
    lines += 1;
    let used = 0;
    for (const token of paragraph.match(BREAKS) ?? []) {
      const word = token.trimEnd();
      const width = textWidth(word);
      const trailingSpace = textWidth(token) - width;
      if (width > 0 && used > 0 && used + width > available) {
        lines += 1;
        used = 0;
      }
      if (width > available) {
        // A word wider than a whole line is broken across as many lines as it needs.
        const more = Math.ceil(width / available) - 1;
        lines += more;
        used = width - more * available;
      } else {
        used += width;
      }
      // Spaces at the end of a line do not push a line break; they only count before the next word.
      used += trailingSpace;
    }
  }
  return lines;
}

export interface WrappedCell {
  text: string;
  /** The column's width, as in the worksheet's column definition (digit widths). */
  columnWidth: number;
  /** Font size in points; 11, the workbook's default, unless given. */
  fontSize?: number;
}

/** The workbook's default font size: a column's width is measured in its digits. */
const DEFAULT_FONT_SIZE = 11;

// CJK fonts (Noto Sans CJK, 等线, 微软雅黑) need about 1.45 em between lines; Latin ones less, but one row may
// mix them, so every line gets the CJK spacing. A little space above and below keeps text off the borders.
const LINE_SPACING = 1.45;
const ROW_PADDING = 4;
/** The height of an unwrapped row of 11-point text, the sheet's default. */
export const DEFAULT_ROW_HEIGHT = 15;

/** The height in points a row needs so that each of its cells' wrapped text fits. */
export function fittingRowHeight(cells: readonly WrappedCell[]): number {
  const needed = cells.map((cell) => {
    const size = cell.fontSize ?? DEFAULT_FONT_SIZE;
    // Larger type fits fewer characters into the same column.
    const lines = wrappedLineCount(cell.text, (cell.columnWidth * DEFAULT_FONT_SIZE) / size);
    return lines * size * LINE_SPACING + ROW_PADDING;
  });
  return Math.max(DEFAULT_ROW_HEIGHT, Math.ceil(Math.max(0, ...needed) * 4) / 4);
}
