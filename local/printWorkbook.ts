// A real spreadsheet application as the independent reader of our workbooks: LibreOffice headless prints
// .xlsx files to PDF, poppler reads the PDF back (pages, each text line's box, page images). Used by the
// render test and by `npm run mail:preview -- --screenshot`.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { DomUtils, parseDocument } from 'htmlparser2';

const run = promisify(execFile);
const SOFFICE = process.env.SOFFICE_PATH ?? 'soffice';

/** Whether LibreOffice and poppler's tools can be run here (the preview says so when they cannot). */
export async function canPrintWorkbooks(): Promise<boolean> {
  try {
    await run(SOFFICE, ['--version']);
    await run('pdftotext', ['-v']);
    return true;
  } catch {
    return false;
  }
}

/**
 * Prints every workbook to `<outDir>/<name>.pdf` in one LibreOffice run (it takes seconds to start). Each run
 * gets its own profile directory, so runs in parallel do not wait on one another's lock.
 */
export async function printToPdf(files: readonly string[], outDir: string): Promise<string[]> {
  const pdfs = files.map((f) => join(outDir, `${basename(f).replace(/\.[^.]+$/, '')}.pdf`));
  // A PDF left from an earlier run would pass for this run's.
  await Promise.all(pdfs.map((pdf) => rm(pdf, { force: true })));
  const profile = await mkdtemp(join(tmpdir(), 'kpi-soffice-'));
  try {
    await runSoffice(
      [
        `-env:UserInstallation=${pathToFileURL(profile).href}`,
        '--headless',
        '--norestore',
        '--convert-to',
        'pdf',
        '--outdir',
        outDir,
        ...files,
      ],
      { timeout: 120_000 },
    );
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
  // soffice exits 0 even when it could not convert a file; say which one.
  for (const [i, pdf] of pdfs.entries()) {
    if (!existsSync(pdf)) throw new Error(`LibreOffice did not print ${files[i]} to ${pdf}`);
  }
  return pdfs;
}

async function runSoffice(args: string[], options: { timeout: number }): Promise<void> {
  try {
    await run(SOFFICE, args, options);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`${SOFFICE} not found: install LibreOffice Calc (Debian: libreoffice-calc-nogui)`);
    }
    throw error;
  }
}

interface Box {
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

interface PrintedWord extends Box {
  text: string;
}

export interface PrintedLine extends Box {
  text: string;
  words: PrintedWord[];
}

export interface PrintedPage {
  width: number;
  height: number;
  lines: PrintedLine[];
  /** The page's text, lines joined by newlines. */
  text: string;
}

/** Every page of a PDF with each text line's box (pdftotext -bbox-layout), in points from the top left. */
export async function readPdf(pdf: string): Promise<PrintedPage[]> {
  const { stdout } = await run('pdftotext', ['-bbox-layout', pdf, '-'], { maxBuffer: 64 * 1024 * 1024 });
  const doc = parseDocument(stdout, { xmlMode: true });
  const box = (el: { attribs: Record<string, string> }): Box => ({
    xMin: Number(el.attribs.xMin),
    yMin: Number(el.attribs.yMin),
    xMax: Number(el.attribs.xMax),
    yMax: Number(el.attribs.yMax),
  });
  return DomUtils.getElementsByTagName('page', doc).map((page) => {
    const lines = DomUtils.getElementsByTagName('line', page).map((line) => {
      const words = DomUtils.getElementsByTagName('word', line).map((word) => ({
        text: DomUtils.textContent(word),
        ...box(word),
      }));
      return { text: words.map((word) => word.text).join(' '), words, ...box(line) };
    });
    return {
      width: Number(page.attribs.width),
      height: Number(page.attribs.height),
      lines,
      text: lines.map((l) => l.text).join('\n'),
    };
  });
}

/**
 * Pairs of lines on a page drawn over each other, as when a row is too low for its wrapped lines. A line's box
 * runs from its font's ascent to its descent, which is a little more than the line pitch, so the lines of one
 * cell overlap by about a tenth of their height; two boxes count as overlapping when they share more than
 * `minShare` of the lower one's height (and any width).
 */
export function overlappingLines(page: PrintedPage, minShare = 0.2): Array<[PrintedLine, PrintedLine]> {
  const pairs: Array<[PrintedLine, PrintedLine]> = [];
  const lines = [...page.lines].sort((a, b) => a.yMin - b.yMin);
  for (let i = 0; i < lines.length; i++) {
    const a = lines[i]!;
    for (let j = i + 1; j < lines.length && lines[j]!.yMin < a.yMax; j++) {
      const b = lines[j]!;
      const dx = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const dy = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      const height = Math.min(a.yMax - a.yMin, b.yMax - b.yMin);
      if (dx > 0 && dy > minShare * height) pairs.push([a, b]);
    }
  }
  return pairs;
}

/** One PNG per page, `<prefix>-1.png`, `<prefix>-2.png`, … (pdftoppm numbers them). */
export async function pdfToPngs(pdf: string, prefix: string, dpi = 110): Promise<void> {
  await run('pdftoppm', ['-png', '-r', String(dpi), pdf, prefix], { timeout: 120_000 });
}
