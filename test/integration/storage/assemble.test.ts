// assembleScoringInput: the facts of an engineer-month written through the repositories and read back give
// the same score card as scoring the equivalent JSON directly (the spec's normative examples plus a richer
// month that uses every kind of fact).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { organisationSettingsSchema } from '../../../shared/domain/organisation.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { scoreEngineerMonth } from '../../../shared/scoring/engine.ts';
import { type ScoringInputJson, scoringInputSchema } from '../../../shared/scoring/input.ts';
import { assembleScoringInput } from '../../../shared/storage/assemble.ts';
import type { Storage } from '../../../shared/storage/client.ts';
import { createFollowUpVisit, submitDailyReport } from '../../../shared/storage/dailyReports.ts';
import { createEngineer } from '../../../shared/storage/engineers.ts';
import {
  createComplaint,
  createSuccessStory,
  createSupportRequest,
  decideComplaint,
  putExamScore,
  putOverride,
  putVerdict,
} from '../../../shared/storage/facts.ts';
import { putOrganisationSettings } from '../../../shared/storage/organisation.ts';
import { putProject } from '../../../shared/storage/projects.ts';
import { putRespondent } from '../../../shared/storage/respondents.ts';
import { createInvitation, saveSurveyResponse } from '../../../shared/storage/survey.ts';
import { uniqueId, useDynamoDb } from '../../support/dynamo.ts';

const db = useDynamoDb();
// The spec's normative cases, copied into the repo so the suite needs nothing outside it.
const EXAMPLES = join(import.meta.dirname, '../../fixtures/examples');
const QUESTIONS = defaultRubric.survey.questions.map((q) => q.key);

/** Five 1–5 ratings whose score (sum × 4) is `score`, or undefined when no such ratings exist. */
function ratingsFor(score: number): Record<string, number> | undefined {
  const sum = score / 4;
  if (!Number.isInteger(sum) || sum < 5 || sum > 25) return undefined;
  // Spread `sum` over the ratings greedily: 5s first, then the remainder, then 1s.
  const values: number[] = [];
  let left = sum;
  for (let i = 0; i < QUESTIONS.length; i++) {
    const value = Math.min(5, left - (QUESTIONS.length - 1 - i));
    values.push(value);
    left -= value;
  }
  return Object.fromEntries(QUESTIONS.map((k, i) => [k, values[i]!]));
}

/**
 * Writes the facts of `json` for a new engineer into `storage` through the repositories, the way the product
 * records them: follow-ups that fall on a reported day go into that daily report, the rest as direct visits.
 * Returns the equivalent JSON with the fields the table always has (ids, names, titles) filled in.
 */
async function load(storage: Storage, json: ScoringInputJson): Promise<ScoringInputJson> {
  const input = scoringInputSchema.parse(json);
  const engineerId = uniqueId('e');
  const created = '2026-01-01T00:00:00.000Z';
  const by = { actor: 'M', at: created };
  await putOrganisationSettings(
    storage,
    organisationSettingsSchema.parse({
      timezone: input.timezone,
      holidays: input.calendar.holidays,
      makeUpWorkdays: input.calendar.workdays,
      departmentManager: { name: 'Manager', email: 'manager@example.com' },
      defaultLanguage: 'zh-CN',
    }),
  );
  await createEngineer(storage, {
    id: engineerId,
    name: 'Engineer',
    email: `${engineerId}@example.com`,
    language: 'en',
    region: 'North',
    startDate: input.engineer.startDate ?? null,
    endDate: input.engineer.endDate ?? null,
    leave: input.engineer.leave,
    active: true,
    dailyReportLinkVersion: 1,
    createdAt: created,
    updatedAt: created,
  });
  for (const p of input.projects) {
    await putProject(storage, {
      id: `${engineerId}-${p.id}`,
      name: p.name ?? p.id,
      customer: 'Customer',
      engineerId,
      start: p.start,
      end: p.end ?? null,
      createdAt: created,
      updatedAt: created,
    });
  }
  const projectId = (id: string) => `${engineerId}-${id}`;
  const reportDays = new Set(input.dailyReports.map((r) => r.date));
  for (const [i, r] of input.dailyReports.entries()) {
    const visits = input.followUps.filter((f) => f.date === r.date);
    await submitDailyReport(storage, {
      engineerId,
      timezone: input.timezone,
      employment: input.engineer,
      now: new Date(r.submittedAt),
      input: {
        date: r.date,
        workDone: `work of day ${i}`,
        followUps: visits.map((f) => ({ projectId: projectId(f.projectId), note: 'visited' })),
      },
    });
  }
  for (const [i, f] of input.followUps.entries()) {
    if (reportDays.has(f.date)) continue;
    await createFollowUpVisit(
      storage,
      {
        id: `v${i}`,
        engineerId,
        projectId: projectId(f.projectId),
        date: f.date,
        note: '',
        createdAt: created,
      },
      by,
    );
  }
  for (const [i, r] of input.supportRequests.entries()) {
    await createSupportRequest(
      storage,
      {
        id: r.id ?? `${engineerId}-r${i}`,
        engineerId,
        customer: r.customer,
        summary: '',
        dueAt: r.dueAt,
        resolvedAt: r.resolvedAt,
        independent: r.independent,
        createdAt: created,
        updatedAt: created,
      },
      input.timezone,
      by,
    );
  }
  for (const [i, c] of input.complaints.entries()) {
    const complaint = {
      id: `${engineerId}-c${i}`,
      engineerId,
      date: c.date,
      text: 'complaint',
      status: 'pending' as const,
      createdAt: created,
    };
    await createComplaint(storage, complaint, by);
    if (c.status !== 'pending')
      await decideComplaint(storage, complaint, { status: c.status, by: 'M', at: created }, by);
  }
  for (const [i, s] of input.successStories.entries()) {
    await createSuccessStory(
      storage,
      {
        id: `${engineerId}-s${i}`,
        engineerId,
        date: s.date,
        title: s.title ?? `story ${i}`,
        createdAt: created,
      },
      by,
    );
  }
  if (input.trainingScore !== null) {
    await putExamScore(
      storage,
      {
        engineerId,
        month: input.month,
        score: input.trainingScore,
        by: 'M',
        at: created,
      },
      by,
    );
  }
  if (input.dailyReportVerdict) {
    await putVerdict(
      storage,
      {
        engineerId,
        month: input.month,
        verdict: input.dailyReportVerdict,
        by: 'M',
        at: created,
      },
      by,
    );
  }
  for (const o of input.overrides) {
    await putOverride(storage, { engineerId, month: input.month, ...o, at: o.at ?? created }, by);
  }
  for (const [i, s] of input.surveyResponses.entries()) {
    const respondentId = `${engineerId}-resp${i}`;
    await putRespondent(storage, {
      id: respondentId,
      kind: 'customer-contact',
      name: 'Contact',
      email: `${respondentId}@example.com`,
      language: 'zh-CN',
      customer: 'Customer',
      createdAt: created,
      updatedAt: created,
    });
    const { invitation } = await createInvitation(storage, {
      month: input.month,
      respondentId,
      engineerId,
      expiresAt: '2099-01-01T00:00:00Z',
      now: new Date(created),
    });
    const ratings = ratingsFor(s.score);
    if (!ratings) throw new Error(`score ${s.score} cannot come from five 1–5 ratings`);
    await saveSurveyResponse(storage, {
      invitation,
      answer: { ratings, comment: '' },
      now: new Date(),
    });
  }
  return {
    ...json,
    engineer: { ...input.engineer, id: engineerId },
    projects: input.projects.map((p) => ({ ...p, id: projectId(p.id), name: p.name ?? p.id })),
    followUps: input.followUps.map((f) => ({ ...f, projectId: projectId(f.projectId) })),
    supportRequests: input.supportRequests.map((r, i) => ({ ...r, id: r.id ?? `${engineerId}-r${i}` })),
    successStories: input.successStories.map((s, i) => ({ ...s, title: s.title ?? `story ${i}` })),
    surveyResponses: input.surveyResponses.map((s, i) => ({ ...s, respondentId: `${engineerId}-resp${i}` })),
    overrides: input.overrides.map((o) => ({ ...o, at: o.at ?? created })),
  };
}

const examples = readdirSync(EXAMPLES)
  .filter((f) => f.endsWith('.json'))
  .map((f) => ({
    name: f,
    json: JSON.parse(readFileSync(join(EXAMPLES, f), 'utf8')).input as ScoringInputJson,
  }));

describe('assembleScoringInput', () => {
  // D and E use survey scores (94.9, 89.9) that five 1–5 ratings cannot produce; everything else round-trips.
  const representable = examples.filter((e) =>
    (e.json.surveyResponses ?? []).every((s) => ratingsFor(s.score)),
  );

  it.each(representable.map((e) => [e.name, e.json] as const))(
    'example %s scores the same from the table as from its JSON',
    async (_name, json) => {
      const storage = await db.freshStorage();
      const equivalent = await load(storage, json);
      const assembled = await assembleScoringInput(storage, equivalent.engineer.id, json.month);
      const fromJson = scoreEngineerMonth(scoringInputSchema.parse(equivalent), defaultRubric);
      expect(scoreEngineerMonth(assembled, defaultRubric)).toEqual(fromJson);
    },
  );

  it('reads a month that uses every kind of fact, including the neighbouring weeks and a late report', async () => {
    const month: ScoringInputJson = {
      month: '2026-10',
      timezone: 'Asia/Shanghai',
      calendar: { holidays: ['2026-10-01', '2026-10-02'], workdays: ['2026-10-10'] },
      engineer: { id: 'x', startDate: '2025-06-01', endDate: null, leave: ['2026-10-12', '2026-10-13'] },
      supportRequests: [
        {
          customer: 'Acme',
          dueAt: '2026-10-20T18:00:00+08:00',
          resolvedAt: '2026-10-20T19:00:00+08:00',
          independent: true,
        },
        { customer: 'Beta', dueAt: '2026-10-05T10:00:00+08:00', resolvedAt: null, independent: false },
        // Due on 1 Nov local but 31 Oct UTC: outside the month, must not count.
        { customer: 'Gamma', dueAt: '2026-10-31T17:00:00Z', resolvedAt: null, independent: false },
        // Due 1 Oct local, 30 Sep UTC: inside the month.
        { customer: 'Delta', dueAt: '2026-09-30T20:00:00Z', resolvedAt: null, independent: false },
      ],
      surveyResponses: [{ score: 92 }, { score: 100 }, { score: 76 }],
      projects: [
        { id: 'p1', start: '2026-01-01', end: null },
        { id: 'p2', start: '2026-10-14', end: '2026-10-28' },
      ],
      followUps: [
        { projectId: 'p1', date: '2026-09-29' },
        { projectId: 'p1', date: '2026-10-09' },
        { projectId: 'p1', date: '2026-10-15' },
        { projectId: 'p2', date: '2026-10-15' },
        { projectId: 'p1', date: '2026-10-21' },
        { projectId: 'p1', date: '2026-11-01' },
      ],
      complaints: [
        { date: '2026-10-09', status: 'confirmed' },
        { date: '2026-10-19', status: 'pending' },
        { date: '2026-10-20', status: 'dismissed' },
        { date: '2026-09-30', status: 'confirmed' },
      ],
      trainingScore: 91,
      successStories: [{ date: '2026-10-15' }, { date: '2026-09-30' }],
      dailyReports: [
        { date: '2026-10-09', submittedAt: '2026-10-09T19:00:00+08:00' },
        { date: '2026-10-15', submittedAt: '2026-10-16T12:30:00+08:00' },
        { date: '2026-10-21', submittedAt: '2026-10-22T11:59:00+08:00' },
      ],
      dailyReportVerdict: 'perfunctory',
      overrides: [{ indicator: 'complaints', points: 15, reason: 'customer withdrew it', by: 'Manager' }],
    };
    const storage = await db.freshStorage();
    const equivalent = await load(storage, month);
    const assembled = await assembleScoringInput(storage, equivalent.engineer.id, '2026-10');
    const card = scoreEngineerMonth(assembled, defaultRubric);
    expect(card).toEqual(scoreEngineerMonth(scoringInputSchema.parse(equivalent), defaultRubric));
    // Spot checks a manager would read on the report.
    const byKey = Object.fromEntries(card.indicators.map((i) => [i.key, i]));
    expect(byKey.resolution?.measured).toMatchObject({ failedCustomers: 3 });
    expect(byKey.satisfaction?.measured).toMatchObject({ responses: 3 });
    expect(byKey.complaints).toMatchObject({ points: 15, flags: ['overridden'] });
    expect(byKey.dailyReport?.measured).toMatchObject({ lateDays: ['2026-10-15'] });
  });
});
