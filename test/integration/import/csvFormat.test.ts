// Reading CSV files as spreadsheets write them: BOM, CRLF or mixed line endings, quoted commas and line breaks,
// lists in one cell; a malformed file or header is reported by line before any row is looked at.
import { describe, expect, it } from 'vitest';
import { formatRowProblems, parseImportFile } from '../../../shared/import/csv.ts';

describe('CSV files', () => {
  it('reads a spreadsheet export: BOM, CRLF, quoted commas and line breaks, lists, yes/no', () => {
    const text =
      '\uFEFFid,name,email,region,leave,active\r\n' +
      'e-1,"Li, Wei",Li.Wei@Example.com,华北,2026-10-12; 2026-10-13,yes\r\n' +
      '\r\n' +
      'e-2,"Chen\r\nJie",chen@example.com,华东,,no\n';
    const file = parseImportFile('engineers', text);
    expect(file.problems).toEqual([]);
    expect(file.rows).toEqual([
      expect.objectContaining({
        id: 'e-1',
        name: 'Li, Wei',
        email: 'li.wei@example.com',
        region: '华北',
        leave: ['2026-10-12', '2026-10-13'],
        active: true,
        language: 'zh-CN',
      }),
      expect.objectContaining({ id: 'e-2', name: 'Chen\r\nJie', active: false, leave: [] }),
    ]);
  });

  it('reports an unclosed quote and a row with too many cells by line', () => {
    expect(
      formatRowProblems(
        parseImportFile('respondents', 'id,kind,name,email\nr1,customer-contact,"Li,l@x.com\n').problems,
      ),
    ).toEqual([expect.stringMatching(/^line 2: Quote Not Closed/)]);
    expect(
      formatRowProblems(
        parseImportFile('respondents', 'id,kind,name,email\nr1,customer-contact,Li,l@x.com,extra\n').problems,
      ),
    ).toEqual([expect.stringMatching(/^line 2: Invalid Record Length: expect 4, got 5/)]);
  });

  it('checks rules that span columns: a customer contact needs a customer, a project ends after it starts', () => {
    const respondents = parseImportFile(
      'respondents',
      'id,kind,name,email,customer\nr1,customer-contact,Li,l@example.com,\nr2,regional-sales-manager,Wang,w@example.com,\n',
    );
    expect(formatRowProblems(respondents.problems)).toEqual([
      'line 2, column customer: a customer contact needs a customer',
      'line 3, column region: a regional sales manager needs a region',
    ]);
    const projects = parseImportFile(
      'projects',
      'id,name,customer,engineerId,start,end\np1,Core,Acme,e-1,2026-05-01,2026-04-30\n',
    );
    expect(formatRowProblems(projects.problems)).toEqual(['line 2, column end: end is before start']);
  });

  it('an empty file or a header without rows is not an import', () => {
    expect(formatRowProblems(parseImportFile('projects', '').problems)).toEqual([
      'line 1: the file is empty',
    ]);
    expect(parseImportFile('projects', 'id,name,customer,engineerId,start\n')).toMatchObject({
      rows: [],
      problems: [],
    });
  });
});
