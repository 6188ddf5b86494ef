// kpi-sheet.md, Identity: ids and names are compared after trimming surrounding white space (U+3000 included);
// the same id listed twice is one item.
import { describe, expect, test } from 'vitest';
import { scoringInputSchema } from '#shared/scoring/input.ts';
import { indicator, perfectMonth, scoreJson } from './month.ts';

describe('customers', () => {
  test('a customer named with surrounding spaces, tabs or ideographic spaces is one customer', () => {
    const card = scoreJson({
      ...perfectMonth(),
      supportRequests: ['Acme', ' Acme\u3000', '\u3000\tAcme\n'].map((customer) => ({
        customer,
        dueAt: '2026-10-20T18:00:00+08:00',
        resolvedAt: null,
        independent: true,
      })),
    });
    const resolution = indicator(card, 'resolution');
    expect(resolution.measured.failedCustomerNames).toEqual(['Acme']);
    expect(resolution.points).toBe(30);
  });
});

describe('support requests', () => {
  const open = (id: string, dueAt = '2026-10-20T18:00:00+08:00') => ({
    id,
    customer: 'Acme',
    dueAt,
    resolvedAt: null,
    independent: true,
  });

  test('the same request listed twice (the same instant, however written) is counted once', () => {
    const card = scoreJson({
      ...perfectMonth(),
      supportRequests: [open('r-1'), open(' r-1\u3000', '2026-10-20T10:00:00.000000Z'), open('r-2')],
    });
    expect(indicator(card, 'resolution').measured).toMatchObject({
      requestsDue: 2,
      failedRequests: 2,
      failedCustomers: 1,
    });
  });

  test('two different requests under one id are refused, naming the second', () => {
    const parsed = scoringInputSchema.safeParse({
      ...perfectMonth(),
      supportRequests: [open('r-1'), open('r-1', '2026-10-21T18:00:00+08:00')],
    });
    expect(parsed.success).toBe(false);
    expect(parsed.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      [
        'supportRequests.1.id',
        'request r-1 is also listed at supportRequests[0] with other facts; list it once',
      ],
    ]);
  });
});

describe('projects', () => {
  // Active 1–9 Oct and again 19–31 Oct: nothing is required in the week of 12 Oct.
  const twice = (visits: string[]) => ({
    ...perfectMonth(),
    projects: [
      { id: 'p1', name: 'Alpha', start: '2026-10-01', end: '2026-10-09' },
      { id: ' p1\u3000', start: '2026-10-19', end: null },
    ],
    followUps: visits.map((date) => ({ projectId: 'p1', date })),
  });

  test('a project listed twice is one project, active on every day either listing covers', () => {
    const followUp = indicator(
      scoreJson(twice(['2026-09-29', '2026-10-06', '2026-10-20', '2026-10-27'])),
      'followUp',
    );
    expect(followUp.points).toBe(15);
    expect(followUp.measured.projects).toEqual([
      {
        projectId: 'p1',
        name: 'Alpha',
        cells: ['visited', 'visited', 'not-required', 'visited', 'visited'],
        missedWeeks: [],
      },
    ]);
    expect(followUp.explanation.en).toMatch(/^The 1 project followed up/);
  });

  test('a week either listing requires and nobody visited is missed, once for the project', () => {
    const followUp = indicator(scoreJson(twice(['2026-09-29', '2026-10-06', '2026-10-20'])), 'followUp');
    expect(followUp.measured.unvisitedProjects).toBe(1);
    expect(followUp.measured.projects).toHaveLength(1);
    expect(followUp.measured.projects[0]!.missedWeeks).toEqual(['2026-W44']);
    expect(followUp.points).toBe(12);
  });
});
