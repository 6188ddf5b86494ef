// The manager's use cases against a real DynamoDB Local: what is recorded can be read back, bad input names
// the field, unknown ids are 404s, conflicting writes are refused, and the month status tells who is behind.
import { describe, expect, it } from 'vitest';
import type { AdminContext } from '../../../shared/admin/context.ts';
import * as facts from '../../../shared/admin/facts.ts';
import { getInvitation, monthStatus, scorePreview } from '../../../shared/admin/months.ts';
import { setSettings } from '../../../shared/admin/organisation.ts';
import * as people from '../../../shared/admin/people.ts';
import * as projects from '../../../shared/admin/projects.ts';
import { ConflictError, NotFoundError, ValidationError } from '../../../shared/errors.ts';
import { answerInvitation } from '../../../shared/forms/survey.ts';
import type { Storage } from '../../../shared/storage/client.ts';
import { submitDailyReport } from '../../../shared/storage/dailyReports.ts';
import { createInvitation, SURVEY_REVISIONS_MAX } from '../../../shared/storage/survey.ts';
import { uniqueId, useDynamoDb } from '../../support/dynamo.ts';

const db = useDynamoDb();
const NOW = new Date('2026-10-20T10:00:00+08:00');
const ctx = (storage: Storage = db.storage, now = NOW): AdminContext => ({
  storage,
  now: () => now,
  actor: 'Zhang Min',
});
const engineer = (id: string, extra: Record<string, unknown> = {}) => ({
  id,
  name: `Engineer ${id}`,
  email: `${id}@example.com`,
  region: 'North',
  startDate: '2024-01-01',
  ...extra,
});
const FIVE = {
  responsiveness: 5,
  technicalCompetence: 5,
  solutionEffectiveness: 4,
  serviceAttitude: 5,
  communication: 5,
};

async function problemsOf(promise: Promise<unknown>): Promise<Array<{ path: string; message: string }>> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).problems;
}

describe('engineers', () => {
  it('adds, reads, changes and lists engineers; a taken id is a conflict', async () => {
    const id = uniqueId('e');
    const added = await people.addEngineer(ctx(), engineer(id, { language: 'en', leave: ['2026-10-12'] }));
    expect(added).toMatchObject({ id, active: true, dailyReportLinkVersion: 1, language: 'en' });
    expect(await people.getEngineer(ctx(), { id })).toEqual(added);
    await expect(people.addEngineer(ctx(), engineer(id))).rejects.toBeInstanceOf(ConflictError);

    const changed = await people.updateEngineer(ctx(), { id, region: 'East', active: 'false' });
    expect(changed).toMatchObject({ region: 'East', active: false, leave: ['2026-10-12'], name: added.name });
    const ended = await people.updateEngineer(ctx(), {
      id,
      endDate: '2026-12-31',
      managerEmail: 'm@example.com',
    });
    expect(ended).toMatchObject({ endDate: '2026-12-31', managerEmail: 'm@example.com' });
    const cleared = await people.updateEngineer(ctx(), { id, endDate: null, managerEmail: null });
    expect(cleared.endDate ?? null).toBeNull();
    expect(cleared.managerEmail).toBeUndefined();
    const active = await people.listEngineers(ctx(), { active: 'true' });
    expect(active.map((e) => e.id)).not.toContain(id);
    expect((await people.listEngineers(ctx(), {})).map((e) => e.id)).toContain(id);
  });

  it('names every bad field and writes nothing', async () => {
    const id = uniqueId('e');
    const problems = await problemsOf(
      people.addEngineer(ctx(), {
        ...engineer(id),
        email: 'not-an-email',
        language: 'fr',
        endDate: '2020-01-01',
      }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual(['email', 'language']);
    await expect(people.getEngineer(ctx(), { id })).rejects.toBeInstanceOf(NotFoundError);
    const order = await problemsOf(people.addEngineer(ctx(), { ...engineer(id), endDate: '2020-01-01' }));
    expect(order).toEqual([{ path: 'endDate', message: 'endDate is before startDate' }]);
    const unknown = await problemsOf(people.addEngineer(ctx(), { ...engineer(id), salary: 1 }));
    expect(unknown[0]?.message).toMatch(/salary/);
  });

  it('rotating the daily-report link bumps its version; an unknown engineer is not found', async () => {
    const id = uniqueId('e');
    await people.addEngineer(ctx(), engineer(id));
    expect((await people.rotateDailyReportLink(ctx(), { id })).dailyReportLinkVersion).toBe(2);
    await expect(people.rotateDailyReportLink(ctx(), { id: uniqueId('nobody') })).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('respondents need a region or a customer according to their kind', async () => {
    const id = uniqueId('r');
    const problems = await problemsOf(
      people.addRespondent(ctx(), {
        id,
        kind: 'regional-sales-manager',
        name: 'Wang',
        email: 'w@example.com',
      }),
    );
    expect(problems).toEqual([{ path: 'region', message: 'a regional sales manager needs a region' }]);
    await people.addRespondent(ctx(), {
      id,
      kind: 'customer-contact',
      name: 'Li',
      email: 'l@example.com',
      customer: 'Acme',
    });
    expect((await people.getRespondent(ctx(), { id })).customer).toBe('Acme');
  });
});

describe('projects', () => {
  it('moves a project to another engineer so it is listed under that one only', async () => {
    const [a, b, p] = [uniqueId('e'), uniqueId('e'), uniqueId('p')];
    await people.addEngineer(ctx(), engineer(a));
    await people.addEngineer(ctx(), engineer(b));
    const project = { id: p, name: 'Core network', customer: 'Acme', engineerId: a, start: '2026-01-01' };
    await projects.addProject(ctx(), project);
    await expect(projects.addProject(ctx(), project)).rejects.toBeInstanceOf(ConflictError);
    await projects.replaceProject(ctx(), { ...project, engineerId: b, end: '2026-12-31' });
    expect(await projects.listProjects(ctx(), { engineerId: a })).toEqual([]);
    expect(await projects.listProjects(ctx(), { engineerId: b })).toMatchObject([
      { id: p, end: '2026-12-31' },
    ]);
    await expect(
      projects.addProject(ctx(), { ...project, id: uniqueId('p'), engineerId: uniqueId('ghost') }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('facts of a month', () => {
  it('records a complaint as pending, then confirms it with who and when', async () => {
    const e = uniqueId('e');
    await people.addEngineer(ctx(), engineer(e));
    const complaint = await facts.addComplaint(ctx(), {
      engineerId: e,
      date: '2026-10-09',
      text: 'slow to answer',
    });
    expect(complaint.status).toBe('pending');
    const confirmed = await facts.confirmComplaint(ctx(), { id: complaint.id });
    expect(confirmed).toMatchObject({
      status: 'confirmed',
      decidedBy: 'Zhang Min',
      decidedAt: NOW.toISOString(),
    });
    const listed = await facts.listComplaints(ctx(), { month: '2026-10' });
    expect(listed.find((c) => c.id === complaint.id)?.status).toBe('confirmed');
    await expect(facts.dismissComplaint(ctx(), { id: uniqueId('c') })).rejects.toBeInstanceOf(NotFoundError);
  });

  it('a resolved support request, an exam, a verdict and an override show up in the score preview', async () => {
    const e = uniqueId('e');
    await people.addEngineer(ctx(), engineer(e));
    const request = await facts.addSupportRequest(ctx(), {
      engineerId: e,
      customer: 'Acme',
      dueAt: '2026-10-15T18:00:00+08:00',
    });
    let card = await scorePreview(ctx(), { engineerId: e, month: '2026-10' });
    expect(card.indicators[0]).toMatchObject({ key: 'resolution', points: 30 });
    await facts.resolveSupportRequest(ctx(), {
      id: request.id,
      resolvedAt: '2026-10-15T17:00:00+08:00',
      independent: true,
    });
    await facts.setExamScore(ctx(), { engineerId: e, month: '2026-10', score: '96' });
    await facts.setVerdict(ctx(), { engineerId: e, month: '2026-10', verdict: 'insightful' });
    await facts.setOverride(ctx(), {
      engineerId: e,
      month: '2026-10',
      indicator: 'satisfaction',
      points: 12,
      reason: 'survey lost in the mail',
    });
    card = await scorePreview(ctx(), { engineerId: e, month: '2026-10' });
    const byKey = Object.fromEntries(card.indicators.map((i) => [i.key, i]));
    expect(byKey.resolution?.points).toBe(35);
    expect(byKey.learning?.points).toBe(10);
    expect(byKey.satisfaction).toMatchObject({ points: 12, flags: expect.arrayContaining(['overridden']) });
    expect(byKey.satisfaction?.override).toMatchObject({
      by: 'Zhang Min',
      reason: 'survey lost in the mail',
    });

    await facts.removeOverride(ctx(), { engineerId: e, month: '2026-10', indicator: 'satisfaction' });
    await expect(
      facts.removeOverride(ctx(), { engineerId: e, month: '2026-10', indicator: 'satisfaction' }),
    ).rejects.toBeInstanceOf(NotFoundError);
  });

  it('refuses an exam score out of range and an override without a reason, naming the field', async () => {
    const e = uniqueId('e');
    await people.addEngineer(ctx(), engineer(e));
    expect(
      (await problemsOf(facts.setExamScore(ctx(), { engineerId: e, month: '2026-10', score: 101 })))[0]?.path,
    ).toBe('score');
    const problems = await problemsOf(
      facts.setOverride(ctx(), { engineerId: e, month: '2026-13', indicator: 'mood', points: 3, reason: '' }),
    );
    expect(problems.map((p) => p.path).sort()).toEqual(['indicator', 'month', 'reason']);
  });

  it('refuses an override above what the indicator can score, so the monthly run never meets it', async () => {
    const e = uniqueId('e');
    await people.addEngineer(ctx(), engineer(e));
    const override = { engineerId: e, month: '2026-10', reason: 'r', by: 'hr' };
    const problems = await problemsOf(
      facts.setOverride(ctx(), { ...override, indicator: 'dailyReport', points: 13 }),
    );
    expect(problems).toEqual([{ path: 'points', message: expect.stringContaining('(12)') }]);
    // The indicator's own maximum (above its weight through the verdict bonus) is accepted.
    await expect(
      facts.setOverride(ctx(), { ...override, indicator: 'dailyReport', points: 12 }),
    ).resolves.toMatchObject({
      points: 12,
    });
  });

  it('a follow-up visit must be for one of the engineer’s projects', async () => {
    const e = uniqueId('e');
    await people.addEngineer(ctx(), engineer(e));
    const problems = await problemsOf(
      facts.addFollowUpVisit(ctx(), { engineerId: e, projectId: uniqueId('p'), date: '2026-10-06' }),
    );
    expect(problems[0]?.path).toBe('projectId');
  });
});

describe('survey responses', () => {
  async function invitation(storage: Storage, expiresAt = '2026-11-02T23:59:00+08:00') {
    const e = uniqueId('e');
    await people.addEngineer(ctx(storage), engineer(e));
    const r = uniqueId('r');
    return (
      await createInvitation(storage, {
        month: '2026-10',
        respondentId: r,
        engineerId: e,
        expiresAt,
        now: NOW,
      })
    ).invitation;
  }

  it('one invitation per respondent × engineer × month: creating it again returns the same one', async () => {
    const inv = await invitation(db.storage);
    const again = await createInvitation(db.storage, {
      month: inv.month,
      respondentId: inv.respondentId,
      engineerId: inv.engineerId,
      expiresAt: inv.expiresAt,
      now: NOW,
    });
    expect(again).toEqual({ invitation: inv, created: false });
  });

  it('concurrent edits of one response lose nothing: every answer is a kept revision, the latest counts', async () => {
    const inv = await invitation(db.storage);
    const answers = Array.from({ length: 8 }, (_, i) => ({ ratings: FIVE, comment: `answer ${i}` }));
    const saved = await Promise.all(
      answers.map((answer) => answerInvitation(db.storage, { invitationId: inv.id, answer, now: NOW })),
    );
    expect(saved.map((s) => s.revision).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const stored = await getInvitation(ctx(), { id: inv.id });
    expect(stored.invitation).toMatchObject({ status: 'open' });
    expect(stored.revisions.map((r) => r.revision)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(stored.revisions.map((r) => r.comment).sort()).toEqual(answers.map((a) => a.comment).sort());
    expect(stored.response?.revision).toBe(8);
    expect(stored.response?.comment).toBe(saved.find((s) => s.revision === 8)?.comment);
  });

  it('a form opened before someone else’s answer is refused instead of overwriting it', async () => {
    const inv = await invitation(db.storage);
    await answerInvitation(db.storage, {
      invitationId: inv.id,
      answer: { ratings: FIVE, comment: 'first', expectedRevision: 0 },
      now: NOW,
    });
    await expect(
      answerInvitation(db.storage, {
        invitationId: inv.id,
        answer: { ratings: FIVE, comment: 'stale', expectedRevision: 0 },
        now: NOW,
      }),
    ).rejects.toBeInstanceOf(ConflictError);
    expect((await getInvitation(ctx(), { id: inv.id })).response?.comment).toBe('first');
  });

  it('keeps at most SURVEY_REVISIONS_MAX answers per invitation and then refuses clearly, the latest standing', async () => {
    const inv = await invitation(db.storage);
    for (let i = 1; i <= SURVEY_REVISIONS_MAX; i++) {
      await answerInvitation(db.storage, {
        invitationId: inv.id,
        answer: { ratings: FIVE, comment: `answer ${i}` },
        now: NOW,
      });
    }
    const refused = answerInvitation(db.storage, {
      invitationId: inv.id,
      answer: { ratings: FIVE, comment: 'one too many' },
      now: NOW,
    });
    await expect(refused).rejects.toBeInstanceOf(ConflictError);
    await expect(refused).rejects.toThrow(`answered ${SURVEY_REVISIONS_MAX} times`);
    const stored = await getInvitation(ctx(), { id: inv.id });
    expect(stored.revisions).toHaveLength(SURVEY_REVISIONS_MAX);
    expect(stored.response).toMatchObject({
      revision: SURVEY_REVISIONS_MAX,
      comment: `answer ${SURVEY_REVISIONS_MAX}`,
    });
  });

  it('after the window closes no answer is taken', async () => {
    const inv = await invitation(db.storage, '2026-10-20T09:00:00+08:00');
    await expect(
      answerInvitation(db.storage, {
        invitationId: inv.id,
        answer: { ratings: FIVE, comment: '' },
        now: NOW,
      }),
    ).rejects.toMatchObject({ status: 410 });
  });
});

describe('daily reports', () => {
  it('an edit keeps the first (on-time) submission time and every revision; concurrent edits all land', async () => {
    const e = uniqueId('e');
    await people.addEngineer(ctx(), engineer(e));
    const day = '2026-10-19';
    const first = await submitDailyReport(db.storage, {
      engineerId: e,
      timezone: 'Asia/Shanghai',
      employment: engineer(e),
      now: new Date('2026-10-19T18:00:00+08:00'),
      input: { date: day, workDone: 'installed the probe' },
    });
    expect(first.created).toBe(true);
    const edits = await Promise.all(
      [1, 2, 3].map((i) =>
        submitDailyReport(db.storage, {
          engineerId: e,
          timezone: 'Asia/Shanghai',
          employment: engineer(e),
          now: new Date('2026-10-21T09:00:00+08:00'),
          input: { date: day, workDone: `edit ${i}` },
        }),
      ),
    );
    expect(edits.map((x) => x.report.revision).sort()).toEqual([2, 3, 4]);
    const [report] = await facts.listEngineerDailyReports(ctx(), { engineerId: e, month: '2026-10' });
    expect(report).toMatchObject({ revision: 4, submittedAt: '2026-10-19T10:00:00.000Z' });
  });

  it('refuses a report for a day that has not come yet and a visit to someone else’s project', async () => {
    const e = uniqueId('e');
    await people.addEngineer(ctx(), engineer(e));
    const submit = (input: unknown) =>
      submitDailyReport(db.storage, {
        engineerId: e,
        timezone: 'Asia/Shanghai',
        employment: engineer(e),
        now: NOW,
        input,
      });
    expect((await problemsOf(submit({ date: '2026-10-21', workDone: 'future' })))[0]?.path).toBe('date');
    expect(
      (
        await problemsOf(submit({ date: '2026-10-20', workDone: 'x', followUps: [{ projectId: 'p-other' }] }))
      )[0]?.path,
    ).toBe('followUps[0].projectId');
  });
});

describe('month status', () => {
  it('shows who has answered the survey and which daily reports are missing so far', async () => {
    const storage = await db.freshStorage();
    const c = ctx(storage);
    await setSettings(c, {
      holidays: ['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'],
      departmentManager: { name: 'Zhang Min', email: 'zhang@example.com' },
    });
    await people.addEngineer(c, engineer('e-1'));
    await people.addEngineer(c, engineer('e-2'));
    await people.addEngineer(c, engineer('e-3', { active: false }));
    await people.addRespondent(c, {
      id: 'rsm-1',
      kind: 'regional-sales-manager',
      name: 'Wang',
      email: 'w@example.com',
      region: 'North',
    });
    const a = await createInvitation(storage, {
      month: '2026-10',
      respondentId: 'rsm-1',
      engineerId: 'e-1',
      expiresAt: '2026-11-02T23:59:00+08:00',
      now: NOW,
    });
    await createInvitation(storage, {
      month: '2026-10',
      respondentId: 'rsm-1',
      engineerId: 'e-2',
      expiresAt: '2026-11-02T23:59:00+08:00',
      now: NOW,
    });
    await answerInvitation(storage, {
      invitationId: a.invitation.id,
      answer: { ratings: FIVE, comment: '' },
      now: NOW,
    });
    const later = ctx(storage, new Date('2026-10-13T13:00:00+08:00'));
    const report = (engineerId: string, date: string, at: string) =>
      submitDailyReport(storage, {
        engineerId,
        timezone: 'Asia/Shanghai',
        employment: engineer(engineerId),
        now: new Date(at),
        input: { date, workDone: 'x' },
      });
    await report('e-1', '2026-10-08', '2026-10-08T18:00:00+08:00');
    await report('e-1', '2026-10-09', '2026-10-10T12:30:00+08:00');
    await report('e-1', '2026-10-10', '2026-10-10T17:00:00+08:00');
    const status = await monthStatus(later, { month: '2026-10' });
    expect(status.survey.answered.map((r) => [r.engineerId, r.respondentName])).toEqual([['e-1', 'Wang']]);
    expect(status.survey.notAnswered.map((r) => r.engineerId)).toEqual(['e-2']);
    // Workdays whose deadline has passed by 13 Oct 13:00: 8, 9, 12 Oct (10 and 11 Oct are a weekend).
    expect(status.dailyReports).toEqual([
      expect.objectContaining({
        engineerId: 'e-1',
        workdaysDue: 3,
        onTime: 1,
        missingDays: ['2026-10-09', '2026-10-12'],
        lateDays: ['2026-10-09'],
      }),
      expect.objectContaining({ engineerId: 'e-2', workdaysDue: 3, onTime: 0, missing: 3 }),
    ]);
  });
});
