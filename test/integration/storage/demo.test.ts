// The demo organisation: seeded into an empty table it gives a finished month whose score cards show the
// variety a manager meets (a near-perfect engineer, late and missing reports, no-data flags, an override),
// open survey invitations for the current month, and seeding again changes nothing; the finished month is one
// whose evidence has closed, whatever the day.
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../../local/demo.ts';
import type { AdminContext } from '../../../shared/admin/context.ts';
import { listEngineerDailyReports } from '../../../shared/admin/facts.ts';
import { listInvitations, monthStatus, scorePreview } from '../../../shared/admin/months.ts';
import { monthState, monthTimeline } from '../../../shared/domain/monthTimeline.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { getOrganisationSettings } from '../../../shared/storage/organisation.ts';
import { uniqueId, useDynamoDb } from '../../support/dynamo.ts';

const db = useDynamoDb();
const NOW = new Date('2026-11-26T10:00:00+08:00');

describe('seedDemo', () => {
  it('creates a finished month of history with varied score cards, and seeding twice changes nothing', async () => {
    const storage = await db.freshStorage();
    const summary = await seedDemo(storage, { now: NOW });
    expect(summary).toMatchObject({ month: '2026-10', currentMonth: '2026-11', created: true });
    expect(summary.engineers).toHaveLength(5);
    expect(new Set(summary.engineers.map((e) => e.language))).toEqual(new Set(['zh-CN', 'en']));
    expect(summary.surveyInvitations.length).toBeGreaterThanOrEqual(5);

    const ctx: AdminContext = { storage, now: () => NOW, actor: uniqueId('tester') };
    const cards = Object.fromEntries(
      await Promise.all(
        summary.engineers.map(
          async (e) => [e.id, await scorePreview(ctx, { engineerId: e.id, month: '2026-10' })] as const,
        ),
      ),
    );
    const indicator = (id: string, key: string) => cards[id]!.indicators.find((i) => i.key === key)!;
    expect(cards['demo-e1']!.total).toBeGreaterThanOrEqual(100);
    expect(indicator('demo-e2', 'complaints').points).toBe(10);
    expect(indicator('demo-e2', 'dailyReport').measured).toMatchObject({ missed: 3 });
    expect(indicator('demo-e3', 'dailyReport').points).toBe(0);
    expect(indicator('demo-e3', 'learning').flags).toContain('no-data');
    expect(indicator('demo-e4', 'resolution').flags).toContain('overridden');
    expect(indicator('demo-e5', 'satisfaction').flags).toContain('no-data');
    expect(new Set(Object.values(cards).map((c) => c.total)).size).toBe(5);

    const reportsBefore = await listEngineerDailyReports(ctx, { engineerId: 'demo-e2', month: '2026-10' });
    const again = await seedDemo(storage, { now: NOW });
    expect(again.created).toBe(false);
    expect(again.surveyInvitations).toEqual(summary.surveyInvitations);
    expect(await listEngineerDailyReports(ctx, { engineerId: 'demo-e2', month: '2026-10' })).toEqual(
      reportsBefore,
    );
    expect(await scorePreview(ctx, { engineerId: 'demo-e2', month: '2026-10' })).toEqual(cards['demo-e2']);

    // A month before an engineer's start is not theirs: the preview says so instead of a card.
    await expect(scorePreview(ctx, { engineerId: 'demo-e5', month: '2026-09' })).rejects.toThrow(
      'demo-e5 was not employed in 2026-09 (employed from 2026-10-10): there is no card for that month',
    );

    // The finished month's invitations are closed; the current month's are open and nobody has answered yet.
    expect((await listInvitations(ctx, { month: '2026-10' })).every((i) => i.status === 'closed')).toBe(true);
    const status = await monthStatus(ctx, { month: '2026-11' });
    expect(status.survey.answered).toEqual([]);
    expect(status.survey.notAnswered.map((r) => r.invitationId).sort()).toEqual(
      summary.surveyInvitations.map((i) => i.id).sort(),
    );
  });

  it('fills a month that can be run at once, also on the first days of a month', async () => {
    // On 1 December November is still collecting evidence (its survey closes on the 2nd): October is filled.
    const first = new Date('2026-12-01T09:00:00+08:00');
    const storage = await db.freshStorage();
    const summary = await seedDemo(storage, { now: first });
    expect(summary).toMatchObject({ month: '2026-10', currentMonth: '2026-12' });
    const timeline = monthTimeline(
      summary.month,
      await getOrganisationSettings(storage),
      defaultRubric.dailyReportDeadline,
    );
    expect(monthState(timeline, first)).toBe('closed');
    const ctx: AdminContext = { storage, now: () => first, actor: uniqueId('tester') };
    expect(
      (await scorePreview(ctx, { engineerId: 'demo-e1', month: '2026-10' })).total,
    ).toBeGreaterThanOrEqual(100);
  });
});
