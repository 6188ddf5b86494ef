// English count phrases in what a reader sees (score-card explanations, emails, command summaries): right for
// none, one and many — never "All 1 request", "All 0 requests" or "1 workdays".
import { describe, expect, test } from 'vitest';
import { invitationSummary, monthRunSummary } from '../../../cli/commands/month.ts';
import { words } from '../../../shared/mail/locale.ts';
import { measuredLines } from '../../../shared/mail/measured.ts';
import { indicator, perfectMonth, scoreJson } from './month.ts';

const resolved = (i: number) => ({
  customer: `C${i}`,
  dueAt: '2026-10-09T18:00:00+08:00',
  resolvedAt: '2026-10-09T10:00:00+08:00',
  independent: true,
});

describe('English counts', () => {
  test.each([
    [0, 'No request due this month → 35 of 35'],
    [1, 'The 1 request due this month resolved independently in time → 35 of 35'],
    [3, 'All 3 requests due this month resolved independently in time → 35 of 35'],
  ])('requests due: %i, all resolved', (n, text) => {
    const m = perfectMonth();
    m.supportRequests = Array.from({ length: n }, (_, i) => resolved(i));
    expect(indicator(scoreJson(m), 'resolution').explanation.en).toBe(text);
  });

  test.each([
    [0, /^No project to follow up this month → /],
    [1, /^The 1 project followed up every required week → /],
    [2, /^All 2 projects followed up every required week → /],
  ])('projects: %i, all followed up', (n, text) => {
    const m = perfectMonth();
    m.projects = Array.from({ length: n }, (_, i) => ({ id: `p${i + 1}`, start: '2026-01-01', end: null }));
    m.followUps = m.projects.flatMap((p) => m.followUps!.map((f) => ({ ...f, projectId: p.id })));
    expect(indicator(scoreJson(m), 'followUp').explanation.en).toMatch(text);
  });

  test('one workday, one success story, one survey response, one complaint', () => {
    const m = perfectMonth();
    // Started on the month's last workday (Friday 30 October): one workday to report.
    m.engineer = { id: 'e-001', startDate: '2026-10-30' };
    m.successStories = [{ date: '2026-10-30', title: 'Acme win' }];
    m.complaints = [{ date: '2026-10-30', status: 'confirmed' }];
    const card = scoreJson(m);
    expect(indicator(card, 'dailyReport').explanation.en).toMatch(/^Missed 0 of 1 workday;/);
    expect(indicator(card, 'learning').explanation.en).toContain('1 success story +');
    expect(indicator(card, 'satisfaction').explanation.en).toContain('Mean of 1 survey response:');
    expect(indicator(card, 'complaints').explanation.en).toMatch(/^1 confirmed complaint × /);
    for (const i of card.indicators)
      expect(i.explanation.en).not.toMatch(
        /\bAll [01] |\b1 (?:[a-z/]+ )?(?:requests|customers|projects|workdays|responses|complaints|stories)\b/,
      );
  });

  test('what the engineer’s report says was counted', () => {
    const lines = (m: ReturnType<typeof perfectMonth>) =>
      scoreJson(m).indicators.flatMap((i) => measuredLines(i, 'en'));
    const none = perfectMonth();
    none.supportRequests = [];
    none.projects = [];
    none.followUps = [];
    expect(lines(none)).toEqual(
      expect.arrayContaining(['No request was due this month', 'No project to follow up this month']),
    );
    const one = perfectMonth();
    one.engineer = { id: 'e-001', startDate: '2026-10-30' };
    expect(lines(one)).toEqual(
      expect.arrayContaining([
        '1 request due this month, resolved independently in time',
        'Survey mean 100.0 from 1 response',
        '1 project, followed up every week',
        'Report on time for the 1 workday',
      ]),
    );
    for (const line of [...lines(none), ...lines(one)]) {
      expect(line).not.toMatch(/\b(?:all|All) [01] |\b[01] (?:requests|projects|workdays|responses)\b/);
    }
  });

  test('the team summary and the monthly commands', () => {
    expect(words.en.summaryIntro('October 2026', 0)).toBe('No engineer was scored for October 2026.');
    expect(words.en.summaryIntro('October 2026', 1)).toBe('1 engineer was scored for October 2026.');
    expect(words.en.summaryIntro('October 2026', 4)).toBe(
      '4 engineers were scored for October 2026, ranked by total.',
    );
    expect(words.en.inviteQuestions(1)).toMatch(/^1 question,/);
    expect(
      invitationSummary({
        month: '2026-10',
        pairs: 1,
        created: 1,
        sent: 1,
        skipped: 0,
        answered: 0,
        failed: [],
        inDoubt: [],
      }),
    ).toContain('1 respondent × engineer pair —');
    expect(
      monthRunSummary({
        month: '2026-10',
        dryRun: false,
        engineers: 1,
        scored: 1,
        emailed: 1,
        changed: 1,
        unchanged: 0,
        failed: [],
        inDoubt: [],
        summarySent: true,
        summaryHeld: false,
        summaryInDoubt: false,
      } as Parameters<typeof monthRunSummary>[0]),
    ).toMatch(/^run-month 2026-10: 1 engineer — /);
  });
});
