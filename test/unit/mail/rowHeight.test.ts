// Row heights for wrapped text: how many lines a cell's text takes in its column (CJK characters two digit
// widths wide, Latin text wrapped at spaces) and the height a row needs for its tallest cell.
import { describe, expect, it } from 'vitest';
import { DEFAULT_ROW_HEIGHT, fittingRowHeight, textWidth, wrappedLineCount } from '#shared/mail/rowHeight.ts';

describe('textWidth', () => {
  it('counts CJK characters and full-width punctuation as two, everything else as one', () => {
    expect(textWidth('abc 12')).toBe(6);
    expect(textWidth('项目支持满意度')).toBe(14);
    expect(textWidth('92.0 分；')).toBe(9);
    expect(textWidth('')).toBe(0);
  });
});

describe('wrappedLineCount', () => {
  // A column 21 wide holds 18 digit widths of text (padding and proportional letters taken off).
  const column = 21;

  it('is one line for short text and for an empty cell', () => {
    expect(wrappedLineCount('30', column)).toBe(1);
    expect(wrappedLineCount('', column)).toBe(1);
  });

  it('wraps Chinese text by width, each character two wide', () => {
    // 20 characters are 40 wide: three lines of at most nine characters, not the two that counting
    // characters would give.
    expect(wrappedLineCount('按未在规定时间内独立解决的客户数计全部解决', column)).toBe(3);
    expect(wrappedLineCount('按未在规定时间内独', column)).toBe(1);
    expect(wrappedLineCount('按未在规定时间内独立', column)).toBe(2);
  });

  it('wraps Latin text at spaces, moving a word that does not fit to the next line', () => {
    // 'resolution' (10) after 'Technical ' (10) would end at 20 > 18.
    expect(wrappedLineCount('Technical resolution', column)).toBe(2);
    expect(wrappedLineCount('Technical', column)).toBe(1);
    // Spaces at a line's end do not start another line.
    expect(wrappedLineCount('Technical department   ', 24)).toBe(1);
  });

  it('breaks a word longer than a line across as many lines as it needs', () => {
    expect(wrappedLineCount('x'.repeat(40), column)).toBe(3);
  });

  it('starts a new line at each line break', () => {
    expect(wrappedLineCount('a\nb\r\nc', column)).toBe(3);
    expect(wrappedLineCount('按未在规定时间内独立\nx', column)).toBe(3);
  });

  it('mixes Chinese and Latin text on one line', () => {
    // '2 个客户未按时独立解决：' is 2 + 22 wide: two lines.
    expect(wrappedLineCount('2 个客户未按时独立解决：', column)).toBe(2);
  });
});

describe('fittingRowHeight', () => {
  it('gives a row whose cells fit on one line one line’s height, at least the default', () => {
    const oneLine = fittingRowHeight([{ text: '', columnWidth: 8 }]);
    expect(oneLine).toBeGreaterThanOrEqual(DEFAULT_ROW_HEIGHT);
    expect(
      fittingRowHeight([
        { text: '35', columnWidth: 8 },
        { text: 'Total', columnWidth: 20 },
      ]),
    ).toBe(oneLine);
  });

  it('is as tall as the cell with the most lines needs, at least 1.45 lines of the font size each', () => {
    const three = fittingRowHeight([
      { text: '按未在规定时间内独立解决的客户数计全部解决', columnWidth: 21 },
      { text: '30', columnWidth: 8 },
    ]);
    const one = fittingRowHeight([{ text: 'x\ny\nz', columnWidth: 8 }]);
    expect(three).toBe(one);
    expect(three).toBeGreaterThanOrEqual(3 * 11 * 1.45);
    expect(fittingRowHeight([{ text: 'x\ny\nz\nw', columnWidth: 8 }])).toBeGreaterThan(three);
  });

  it('wraps larger type sooner: fewer characters fit the same column', () => {
    const fifteen = 'x'.repeat(15);
    expect(fittingRowHeight([{ text: fifteen, columnWidth: 21 }])).toBe(
      fittingRowHeight([{ text: 'x', columnWidth: 21 }]),
    );
    expect(fittingRowHeight([{ text: fifteen, columnWidth: 21, fontSize: 22 }])).toBeGreaterThan(
      fittingRowHeight([{ text: 'x', columnWidth: 21, fontSize: 22 }]),
    );
  });

  it('grows with the font size', () => {
    expect(fittingRowHeight([{ text: 'x\ny', columnWidth: 8, fontSize: 14 }])).toBeGreaterThan(
      fittingRowHeight([{ text: 'x\ny', columnWidth: 8 }]),
    );
  });
});
