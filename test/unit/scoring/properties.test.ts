// Properties over random engineer-months around October 2026: the total is the sum, every indicator stays
// within its rubric bounds, more failures never raise a score, better surveys/exams never lower it, and
// scoring is deterministic.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, test } from 'vitest';
import { COMPLAINT_STATUSES, DAILY_REPORT_VERDICTS, type IndicatorKey } from '#shared/rubric/indicators.ts';
import { meanRoundedHalfUp } from '#shared/scoring/decimal.ts';
import type { ScoringInputJson } from '#shared/scoring/input.ts';
import { pointsByKey, scoreJson } from './month.ts';

// 24 Sep – 8 Nov: the month, its weeks and a few days either side.
const DATES = Array.from(
  { length: 46 },
  (_, i) => DateTime.fromISO('2026-09-24').plus({ days: i }).toISODate()!,
);
const date = fc.constantFrom(...DATES);
const octoberDate = fc.constantFrom(...DATES.filter((d) => d.startsWith('2026-10')));
const shanghai = (d: string, hour: number) => `${d}T${String(hour).padStart(2, '0')}:00:00+08:00`;
const hoursAfter = (ts: string, hours: number) => new Date(Date.parse(ts) + hours * 3_600_000).toISOString();
const tenths = (min: number, max: number) => fc.integer({ min: min * 10, max: max * 10 }).map((x) => x / 10);

const request = fc
  .record({
    customer: fc.constantFrom('Acme', 'Beta', 'Cosco', 'Delta', 'Evergreen', 'Fortune'),
    due: date,
    hour: fc.integer({ min: 0, max: 23 }),
    resolvedAfterHours: fc.option(fc.integer({ min: -48, max: 48 })),
    independent: fc.boolean(),
  })
  .map((r) => ({
    customer: r.customer,
    dueAt: shanghai(r.due, r.hour),
    resolvedAt:
      r.resolvedAfterHours === null ? null : hoursAfter(shanghai(r.due, r.hour), r.resolvedAfterHours),
    independent: r.independent,
  }));

const engineerMonth: fc.Arbitrary<ScoringInputJson> = fc
  .record({
    holidays: fc.uniqueArray(date, { maxLength: 6 }),
    makeUp: fc.uniqueArray(date, { maxLength: 2 }),
    startDate: fc.option(date),
    leave: fc.uniqueArray(date, { maxLength: 4 }),
    supportRequests: fc.array(request, { maxLength: 15 }),
    surveyScores: fc.array(tenths(0, 100), { maxLength: 6 }),
    projectStarts: fc.array(fc.record({ start: date, days: fc.option(fc.integer({ min: 0, max: 40 })) }), {
      maxLength: 6,
    }),
    followUps: fc.array(fc.record({ project: fc.nat(5), date }), { maxLength: 30 }),
    complaints: fc.array(fc.record({ date, status: fc.constantFrom(...COMPLAINT_STATUSES) }), {
      maxLength: 5,
    }),
    trainingScore: fc.option(tenths(0, 100)),
    stories: fc.array(date, { maxLength: 4 }),
    reports: fc.array(fc.record({ date: octoberDate, afterHours: fc.integer({ min: 8, max: 44 }) }), {
      maxLength: 30,
    }),
    verdict: fc.option(fc.constantFrom(...DAILY_REPORT_VERDICTS)),
  })
  .map((f) => ({
    month: '2026-10',
    timezone: 'Asia/Shanghai',
    calendar: { holidays: f.holidays, workdays: f.makeUp },
    engineer: { id: 'e-prop', startDate: f.startDate, leave: f.leave },
    supportRequests: f.supportRequests,
    surveyResponses: f.surveyScores.map((score) => ({ score })),
    projects: f.projectStarts.map((p, i) => ({
      id: `p${i}`,
      start: p.start,
      end: p.days === null ? null : DateTime.fromISO(p.start).plus({ days: p.days }).toISODate()!,
    })),
    followUps: f.followUps.map((v) => ({ projectId: `p${v.project}`, date: v.date })),
    complaints: f.complaints,
    trainingScore: f.trainingScore,
    successStories: f.stories.map((d) => ({ date: d })),
    dailyReports: f.reports.map((r) => ({
      date: r.date,
      submittedAt: hoursAfter(shanghai(r.date, 0), r.afterHours),
    })),
    dailyReportVerdict: f.verdict,
  }));

/** The score never rises (for that indicator and in total) after a change that should only hurt. */
function neverRaises(key: IndicatorKey, worsen: (m: ScoringInputJson) => void) {
  return fc.property(engineerMonth, (m) => {
    const before = scoreJson(m);
    const after = structuredClone(m);
    worsen(after);
    const worse = scoreJson(after);
    expect(pointsByKey(worse)[key]).toBeLessThanOrEqual(pointsByKey(before)[key]);
    expect(worse.total).toBeLessThanOrEqual(before.total);
  });
}

describe('scoring properties', () => {
  test('the total is the sum of the indicators, each within 0 and its rubric maximum', () => {
    fc.assert(
      fc.property(engineerMonth, (m) => {
        const card = scoreJson(m);
        expect(card.total).toBe(card.indicators.reduce((sum, i) => sum + i.points, 0));
        for (const ind of card.indicators) {
          expect(ind.points).toBeGreaterThanOrEqual(0);
          expect(ind.points).toBeLessThanOrEqual(ind.maxPoints);
        }
        expect(card.total).toBeLessThanOrEqual(card.maxTotal);
      }),
    );
  });

  test('another customer failing never raises the score', () => {
    fc.assert(
      neverRaises('resolution', (m) => {
        m.supportRequests!.push({
          customer: 'Zeta',
          dueAt: '2026-10-20T18:00:00+08:00',
          resolvedAt: null,
          independent: true,
        });
      }),
    );
  });

  test('a request resolved late instead of in time never raises the score', () => {
    fc.assert(
      neverRaises('resolution', (m) => {
        for (const r of m.supportRequests!) if (r.resolvedAt) r.resolvedAt = hoursAfter(r.dueAt, 1);
      }),
    );
  });

  test('a missing daily report never raises the score', () => {
    fc.assert(
      fc.property(engineerMonth, fc.nat(), (m, pick) => {
        const before = scoreJson(m);
        const after = structuredClone(m);
        if (after.dailyReports!.length > 0) after.dailyReports!.splice(pick % after.dailyReports!.length, 1);
        expect(pointsByKey(scoreJson(after)).dailyReport).toBeLessThanOrEqual(
          pointsByKey(before).dailyReport,
        );
      }),
    );
  });

  test('a confirmed complaint never raises the score', () => {
    fc.assert(
      neverRaises('complaints', (m) => m.complaints!.push({ date: '2026-10-15', status: 'confirmed' })),
    );
  });

  test('an unvisited project, or a visit not made, never raises the score', () => {
    fc.assert(neverRaises('followUp', (m) => m.projects!.push({ id: 'never-visited', start: '2026-01-01' })));
    fc.assert(
      fc.property(engineerMonth, fc.nat(), (m, pick) => {
        const before = scoreJson(m);
        const after = structuredClone(m);
        if (after.followUps!.length > 0) after.followUps!.splice(pick % after.followUps!.length, 1);
        expect(pointsByKey(scoreJson(after)).followUp).toBeLessThanOrEqual(pointsByKey(before).followUp);
      }),
    );
  });

  test('a better survey score or exam never lowers the score', () => {
    fc.assert(
      fc.property(engineerMonth, fc.nat(), tenths(0, 100), (m, pick, raise) => {
        const before = scoreJson(m);
        const after = structuredClone(m);
        const responses = after.surveyResponses!;
        if (responses.length > 0) {
          const r = responses[pick % responses.length]!;
          r.score = Math.min(100, Math.round((r.score + raise) * 10) / 10);
        }
        if (after.trainingScore != null) after.trainingScore = Math.min(100, after.trainingScore + raise);
        const better = scoreJson(after);
        expect(pointsByKey(better).satisfaction).toBeGreaterThanOrEqual(pointsByKey(before).satisfaction);
        expect(pointsByKey(better).learning).toBeGreaterThanOrEqual(pointsByKey(before).learning);
        expect(better.total).toBeGreaterThanOrEqual(before.total);
      }),
    );
  });

  test('scoring is deterministic', () => {
    fc.assert(
      fc.property(engineerMonth, (m) => {
        expect(scoreJson(structuredClone(m))).toEqual(scoreJson(m));
      }),
    );
  });

  test('the mean is rounded half-up exactly, as integer tenths would', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 12 }),
        (tenthScores) => {
          const n = tenthScores.length;
          const sum = tenthScores.reduce((a, b) => a + b, 0);
          // mean in hundredths, rounded half-up to tenths with integer arithmetic only.
          const hundredths = sum * 10;
          const q = Math.floor(hundredths / n / 10);
          const rest = hundredths - q * 10 * n;
          const expected = (2 * rest >= 10 * n ? q + 1 : q) / 10;
          expect(
            meanRoundedHalfUp(
              tenthScores.map((t) => t / 10),
              1,
            ),
          ).toBe(expected);
        },
      ),
    );
  });
});
