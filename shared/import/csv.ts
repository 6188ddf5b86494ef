// CSV import of the roster and the evidence: engineers, respondents, projects, support requests. A file is read
// with csv-parse (quotes, BOM, CRLF), its header checked, each row turned into the domain input and validated
// with the same zod schema the admin API uses. Every bad row is reported by line, column and reason.
import { parse } from 'csv-parse/sync';
import { engineerInput } from '../domain/engineer.ts';
import { supportRequestInput } from '../domain/facts.ts';
import { projectInput } from '../domain/project.ts';
import { respondentInput } from '../domain/respondent.ts';
import * as z from '../schema.ts';

/** Rows per import request: keeps a request well under the admin API's body limit. */
export const IMPORT_BATCH_ROWS = 200;

export const IMPORT_KINDS = ['engineers', 'respondents', 'projects', 'support-requests'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

interface KindSpec {
  schema: z.core.$ZodType;
  required: readonly string[];
  optional: readonly string[];
  /** Columns holding a list, written `a;b;c` in one cell. */
  lists: readonly string[];
}

export const IMPORT_SPECS: Record<ImportKind, KindSpec> = {
  engineers: {
    schema: engineerInput,
    required: ['id', 'name', 'email', 'region'],
    optional: ['language', 'managerEmail', 'startDate', 'endDate', 'leave', 'active'],
    lists: ['leave'],
  },
  respondents: {
    schema: respondentInput,
    required: ['id', 'kind', 'name', 'email'],
    optional: ['language', 'region', 'customer'],
    lists: [],
  },
  projects: {
    schema: projectInput,
    required: ['id', 'name', 'customer', 'engineerId', 'start'],
    optional: ['end'],
    lists: [],
  },
  'support-requests': {
    schema: supportRequestInput,
    required: ['engineerId', 'customer', 'dueAt'],
    optional: ['id', 'summary', 'resolvedAt', 'independent'],
    lists: [],
  },
};

/** One problem of an import: the file line (header = line 1), the column (if one), and why. */
export interface RowProblem {
  /** Index of the row among the data rows (0-based), or -1 for the header / the whole file. */
  index: number;
  line: number;
  column: string | null;
  message: string;
}

interface CsvRecord {
  /** Line of the file the record ends on (header = line 1). */
  line: number;
  /** Cell values by column name, as written (trimmed). */
  cells: Record<string, string>;
}

/** Reads CSV text into records; a malformed file (unclosed quote, ragged row) is one problem with its line. */
function readCsv(text: string): { header: string[]; records: CsvRecord[]; problems: RowProblem[] } {
  try {
    const rows = parse(text, {
      bom: true,
      trim: true,
      skip_empty_lines: true,
      info: true,
      // Files edited on several machines mix line endings; accept each.
      record_delimiter: ['\r\n', '\n', '\r'],
    });
    const raw = rows as unknown as Array<{ record: string[]; info: { lines: number } }>;
    const [head, ...body] = raw;
    if (!head)
      return {
        header: [],
        records: [],
        problems: [{ index: -1, line: 1, column: null, message: 'the file is empty' }],
      };
    const header = head.record;
    const records = body.map(({ record, info }) => ({
      line: info.lines,
      cells: Object.fromEntries(header.map((h, i) => [h, record[i] ?? ''])),
    }));
    return { header, records, problems: [] };
  } catch (error) {
    const e = error as { lines?: number; message: string };
    return {
      header: [],
      records: [],
      problems: [{ index: -1, line: e.lines ?? 1, column: null, message: e.message }],
    };
  }
}

/** Header problems: unknown or duplicated columns, missing required ones. */
function checkHeader(kind: ImportKind, header: readonly string[]): RowProblem[] {
  const spec = IMPORT_SPECS[kind];
  const known = new Set([...spec.required, ...spec.optional]);
  const problems: RowProblem[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (seen.has(column)) problems.push({ index: -1, line: 1, column, message: 'this column appears twice' });
    seen.add(column);
    if (!known.has(column)) {
      problems.push({
        index: -1,
        line: 1,
        column,
        message: `unknown column; ${kind} files have ${[...spec.required, ...spec.optional].join(', ')}`,
      });
    }
  }
  for (const column of spec.required) {
    if (!seen.has(column))
      problems.push({ index: -1, line: 1, column, message: 'required column is missing' });
  }
  return problems;
}

/** A record's cells as the input object the schema parses: empty cells omitted, list cells split on `;`. */
function recordToInput(kind: ImportKind, cells: Record<string, string>): Record<string, unknown> {
  const lists = IMPORT_SPECS[kind].lists;
  const input: Record<string, unknown> = {};
  for (const [column, value] of Object.entries(cells)) {
    if (value === '') continue;
    input[column] = lists.includes(column)
      ? value
          .split(';')
          .map((v) => v.trim())
          .filter((v) => v !== '')
      : value;
  }
  return input;
}

/**
 * Validates input rows (objects, as from recordToInput or a JSON request) of one kind: every row against the
 * schema, and ids unique within the file. `lineOf(i)` names the row in messages (the file line, or i + 1).
 * `indexes[k]` is the row index of `valid[k]`, so later checks of the valid rows name the right line.
 */
export function validateRows<T>(
  kind: ImportKind,
  rows: readonly unknown[],
  lineOf: (index: number) => number = (i) => i + 2,
): { valid: T[]; indexes: number[]; problems: RowProblem[] } {
  const schema = IMPORT_SPECS[kind].schema;
  const valid: T[] = [];
  const indexes: number[] = [];
  const problems: RowProblem[] = [];
  const ids = new Map<string, number>();
  rows.forEach((row, i) => {
    const parsed = z.safeParse(schema, row);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const unknownKeys = issue.code === 'unrecognized_keys' ? issue.keys : undefined;
        problems.push({
          index: i,
          line: lineOf(i),
          column: unknownKeys ? unknownKeys.join(', ') : issue.path.length > 0 ? String(issue.path[0]) : null,
          message:
            issue.path.length > 1
              ? `${issue.path.slice(1).join('.')}: ${issue.message}`
              : issue.code === 'invalid_type' &&
                  (row as Record<PropertyKey, unknown>)[issue.path[0] ?? ''] === undefined
                ? 'required, but the cell is empty'
                : issue.message,
        });
      }
      return;
    }
    const data = parsed.data as T & { id?: string };
    if (data.id !== undefined) {
      const first = ids.get(data.id);
      if (first !== undefined) {
        problems.push({
          index: i,
          line: lineOf(i),
          column: 'id',
          message: `id ${data.id} is already used on line ${first}`,
        });
        return;
      }
      ids.set(data.id, lineOf(i));
    }
    valid.push(data);
    indexes.push(i);
  });
  return { valid, indexes, problems };
}

/** Reads and validates a whole CSV file of one kind: header, then every row. */
export function parseImportFile<T>(
  kind: ImportKind,
  text: string,
): { rows: T[]; inputs: Record<string, unknown>[]; lines: number[]; problems: RowProblem[] } {
  const { header, records, problems } = readCsv(text);
  if (problems.length > 0) return { rows: [], inputs: [], lines: [], problems };
  const headerProblems = checkHeader(kind, header);
  if (headerProblems.length > 0) return { rows: [], inputs: [], lines: [], problems: headerProblems };
  const inputs = records.map((r) => recordToInput(kind, r.cells));
  const lines = records.map((r) => r.line);
  const { valid, problems: rowProblems } = validateRows<T>(kind, inputs, (i) => lines[i]!);
  return { rows: rowProblems.length > 0 ? [] : valid, inputs, lines, problems: rowProblems };
}

export function formatRowProblems(problems: readonly RowProblem[]): string[] {
  return problems.map((p) => `line ${p.line}${p.column ? `, column ${p.column}` : ''}: ${p.message}`);
}
