// What the month overview reads, on the real DynamoDB engine, and that data stored before each of these reads
// existed still shows the same: every card's glance stored with it (a month's cards in one request; a card stored
// before glances derived from its own paths to the same glance), the team's trend from one item (the totals by
// region as each summary was sent; summaries sent before it, engineer by engineer), and who the current run
// parked, from its run item (no outcome read when nobody is parked; a run dispatched before it kept them queried);
// and daily reports counted live, as `kpi status` counts them, from the days each engineer filed.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { monthStatus } from '../../../shared/admin/months.ts';
import { monthOverview } from '../../../shared/console/overview.ts';
import type { Principal } from '../../../shared/console/roles.ts';
import type { ScoreCard } from '../../../shared/scoring/scoreCard.ts';
import { listCardSummariesOfMonth } from '../../../shared/storage/cardSummaries.ts';
import { putItem, type Storage } from '../../../shared/storage/client.ts';
import { submitDailyReport } from '../../../shared/storage/dailyReports.ts';
import { putEngineers } from '../../../shared/storage/engineers.ts';
import { ENTITY, keys } from '../../../shared/storage/keys.ts';
import {
  findParkedOfCurrentRun,
  listSummaryTotals,
  putRunDispatch,
  recordRunOutcome,
  recordSummaryShown,
} from '../../../shared/storage/runs.ts';
import { storeScoreCardRevision } from '../../../shared/storage/scoreCards.ts';
import { storeCard } from '../../support/console.ts';
import { useDynamoDb } from '../../support/dynamo.ts';
import { putTestOrganisation, testEngineer } from '../../support/fixtures.ts';

const dynamo = useDynamoDb();
const MONTH = '2026-03';
const NOW = new Date('2026-04-20T02:00:00Z');
const admin: Principal = { sub: 'a', actor: 'admin@example.com', name: 'Admin', role: 'admin', regions: [] };
const northViewer: Principal = {
  sub: 'v',
  actor: 'v@example.com',
  name: 'Viewer',
  role: 'viewer',
  regions: ['华北'],
};

/** Counts the DynamoDB requests `storage` sends while `run` runs. */
async function requestsOf<T>(
  storage: Storage,
  run: () => Promise<T>,
): Promise<{ result: T; requests: number }> {
  let requests = 0;
  const name = `count-${Math.random()}`;
  storage.doc.middlewareStack.add(
    (next) => async (args) => {
      requests++;
      return next(args);
    },
    { step: 'initialize', name },
  );
  try {
    return { result: await run(), requests };
  } finally {
    storage.doc.middlewareStack.remove(name);
  }
}

async function team(storage: Storage) {
  await putTestOrganisation(storage, 'manager@example.com');
  await putEngineers(storage, [
    testEngineer('n1', { name: '北一', region: '华北' }),
    testEngineer('n2', { name: '北二', region: '华北' }),
    testEngineer('e1', { name: '东一', region: '华东' }),
  ]);
}

describe("the month's cards at a glance", () => {
  it('stores each card with its glance and reads the whole month in one request', async () => {
    const storage = await dynamo.freshStorage();
    await storeCard(
      storage,
      'n1',
      MONTH,
      [35, 25, 15, 10, 10, 5],
      { learning: ['no-data'] },
      {
        dailyReport: { workdays: 21, missed: 2 },
        followUp: {
          projects: [{ projectId: 'p', cells: ['visited', 'missed', 'not-required'], missedWeeks: [] }],
        },
      },
    );
    await storeCard(storage, 'n2', MONTH, [30, 20, 10, 10, 5, 5], { complaints: ['overridden'] });
    const { result, requests } = await requestsOf(storage, () => listCardSummariesOfMonth(storage, MONTH));
    expect(requests).toBe(1);
    const n1 = result.find((c) => c.engineerId === 'n1')!;
    expect(n1.glance).toEqual({
      total: 100,
      maxTotal: 100,
      points: {
        resolution: 35,
        satisfaction: 25,
        followUp: 15,
        complaints: 10,
        learning: 10,
        dailyReport: 5,
      },
      noData: ['learning'],
      overridden: [],
      dailyReports: { filed: 19, due: 21 },
      followUpWeeks: { done: 1, due: 2 },
    });
    expect(result.find((c) => c.engineerId === 'n2')!.glance).toMatchObject({
      total: 80,
      overridden: ['complaints'],
      followUpWeeks: { done: 0, due: 0 },
    });
    expect(result.find((c) => c.engineerId === 'n2')!.glance.dailyReports).toBeUndefined();
  });

  it('shows a card stored before glances were exactly as one stored with it', async () => {
    const storage = await dynamo.freshStorage();
    await team(storage);
    await storeCard(
      storage,
      'n1',
      MONTH,
      [35, 25, 15, 10, 10, 5],
      { satisfaction: ['no-data'] },
      {
        dailyReport: { workdays: 22, missed: 1 },
        followUp: {
          projects: [{ projectId: 'p', cells: ['visited', 'visited', 'missed'], missedWeeks: [] }],
        },
      },
    );
    await storeCard(storage, 'e1', MONTH, [20, 20, 10, 10, 5, 5]);
    const before = await monthOverview(storage, admin, { month: MONTH }, NOW);
    // As a card stored by an earlier version of the scorer: no glance on its LATEST item.
    await storage.doc.send(
      new UpdateCommand({
        TableName: storage.tableName,
        Key: keys.scoreCardLatest('n1', MONTH),
        UpdateExpression: 'REMOVE atAGlance',
      }),
    );
    const { result: after, requests } = await requestsOf(storage, () =>
      listCardSummariesOfMonth(storage, MONTH),
    );
    expect(requests).toBe(2); // the month's glances, then the paths of the one card without
    expect(after.find((c) => c.engineerId === 'n1')!.glance).toEqual(
      (await listCardSummariesOfMonth(storage, MONTH)).find((c) => c.engineerId === 'n1')!.glance,
    );
    const overview = await monthOverview(storage, admin, { month: MONTH }, NOW);
    expect(overview.rows).toEqual(before.rows);
    expect(overview.evidence).toEqual(before.evidence);
    // n1 as its card counts (21 of 22); n2 and e1 filed no report and their cards count none: 0 of March's 22 each.
    expect(overview.evidence.dailyReports).toEqual({ filed: 21, due: 66 });
    expect(overview.rows.find((r) => r.engineerId === 'n1')!.card!.noData).toEqual(['satisfaction']);
  });
});

describe("the team's trend", () => {
  it('reads the months shown from one item: each region as it was when the summary was sent', async () => {
    const storage = await dynamo.freshStorage();
    await team(storage);
    // January's summary: n2 was in 华东 then (moved to 华北 since).
    await recordSummaryShown(
      storage,
      {
        month: '2026-01',
        engineers: {
          n1: { revision: 1, total: 80 },
          n2: { revision: 1, total: 60 },
          e1: { revision: 1, total: 70 },
        },
        sentAt: '2026-02-03T01:00:00Z',
      },
      { 华北: { sum: 80, count: 1 }, 华东: { sum: 130, count: 2 } },
    );
    await recordSummaryShown(
      storage,
      {
        month: '2026-02',
        engineers: { n1: { revision: 1, total: 90 }, n2: { revision: 1, total: 70 } },
        sentAt: '2026-03-03T01:00:00Z',
      },
      { 华北: { sum: 160, count: 2 } },
    );
    const { result, requests } = await requestsOf(storage, () =>
      listSummaryTotals(storage, ['2026-01', '2026-02']),
    );
    expect(requests).toBe(1);
    expect(result).toHaveLength(2);

    const trend = async (principal: Principal, region?: string) =>
      (await monthOverview(storage, principal, { month: MONTH, region }, NOW)).trend.slice(-3, -1);
    // The whole team: January (80 + 130) / 3, February 160 / 2.
    expect(await trend(admin)).toEqual([
      { month: '2026-01', average: 70, engineers: 3 },
      { month: '2026-02', average: 80, engineers: 2 },
    ]);
    // 华北's viewer: January counts only n1 (n2 was in 华东 when January was summarised).
    expect(await trend(northViewer)).toEqual([
      { month: '2026-01', average: 80, engineers: 1 },
      { month: '2026-02', average: 80, engineers: 2 },
    ]);
    expect(await trend(admin, '华东')).toEqual([
      { month: '2026-01', average: 65, engineers: 2 },
      { month: '2026-02', average: null, engineers: 0 },
    ]);
  });

  it('reads a summary sent before the trend was kept engineer by engineer, in their region today', async () => {
    const storage = await dynamo.freshStorage();
    await team(storage);
    await recordSummaryShown(storage, {
      month: '2026-02',
      engineers: {
        n1: { revision: 1, total: 90 },
        n2: { revision: 2, total: 70 },
        e1: { revision: 1, total: 50 },
        gone: { revision: 1, total: 10 },
      },
      sentAt: '2026-03-03T01:00:00Z',
    });
    const { result, requests } = await requestsOf(storage, () => listSummaryTotals(storage, ['2026-02']));
    expect(requests).toBe(2); // the trend item lacks February: its summary is read whole
    expect(result).toEqual([
      { month: '2026-02', engineers: expect.objectContaining({ gone: expect.anything() }) },
    ]);
    const february = async (principal: Principal) =>
      (await monthOverview(storage, principal, { month: MONTH }, NOW)).trend.at(-2);
    // An engineer no longer on the roster counts only in the admin's whole team.
    expect(await february(admin)).toEqual({ month: '2026-02', average: 55, engineers: 4 });
    expect(await february(northViewer)).toEqual({ month: '2026-02', average: 80, engineers: 2 });
  });
});

describe('who the current run parked', () => {
  const outcome = (runId: string, engineerId: string, status: 'done' | 'parked', reason?: string) => ({
    runId,
    month: MONTH,
    engineerId,
    engineerName: engineerId,
    status,
    ...(reason ? { reason } : {}),
    at: '2026-04-03T01:00:00Z',
  });

  it('reads no outcome when nobody is parked; names the parked with why; forgets one that later succeeded', async () => {
    const storage = await dynamo.freshStorage();
    const dispatch = (runId: string) =>
      putRunDispatch(storage, {
        runId,
        month: MONTH,
        engineerIds: ['n1', 'n2', 'e1'],
        email: true,
        dispatchedAt: '2026-04-03T01:00:00Z',
      });
    await dispatch('run-1');
    await recordRunOutcome(storage, outcome('run-1', 'n1', 'parked', 'an earlier failure'));
    await dispatch('run-2');
    await recordRunOutcome(storage, outcome('run-2', 'n1', 'done'));
    await recordRunOutcome(storage, outcome('run-2', 'n2', 'done'));
    const none = await requestsOf(storage, () => findParkedOfCurrentRun(storage, MONTH));
    expect(none.result.size).toBe(0);
    expect(none.requests).toBe(1); // the run item only

    await recordRunOutcome(storage, outcome('run-2', 'e1', 'parked', 'DynamoDB throttled the card write'));
    expect([...(await findParkedOfCurrentRun(storage, MONTH))]).toEqual([
      ['e1', 'DynamoDB throttled the card write'],
    ]);
    // The same message redelivered, and this time it succeeds: e1 is no longer parked.
    await recordRunOutcome(storage, outcome('run-2', 'e1', 'done'));
    expect((await findParkedOfCurrentRun(storage, MONTH)).size).toBe(0);
  });

  it("queries the outcomes of a run dispatched before the run item kept its parked set: that run's only", async () => {
    const storage = await dynamo.freshStorage();
    await recordRunOutcome(storage, outcome('old-0', 'n2', 'parked', 'a run before'));
    await recordRunOutcome(storage, outcome('old-1', 'n1', 'parked', 'SES refused the report'));
    await recordRunOutcome(storage, outcome('old-1', 'e1', 'done'));
    // The run item as it was written then: no parked set, nor the mark that it keeps one.
    await putItem(storage, {
      ...keys.runDispatch(MONTH),
      type: ENTITY.runDispatch,
      runId: 'old-1',
      month: MONTH,
      engineerIds: ['n1', 'e1'],
      email: true,
      dispatchedAt: '2026-04-03T01:00:00Z',
    });
    expect([...(await findParkedOfCurrentRun(storage, MONTH))]).toEqual([['n1', 'SES refused the report']]);
  });
});

describe('daily reports so far', () => {
  /** A card of one indicator, the daily report, measuring these counts. */
  const cardOf = (engineerId: string, measured: { workdays: number; missed: number }) =>
    ({
      engineerId,
      month: MONTH,
      rubric: 'test@1',
      total: 10,
      maxTotal: 100,
      indicators: [
        { key: 'dailyReport', points: 10, weight: 10, maxPoints: 12, measured, flags: [], explanation: {} },
      ],
    }) as unknown as ScoreCard;
  // Friday 6 March 2026, 13:00 in Shanghai: the reports of Monday to Thursday are due (each by noon the next
  // day), Friday's not yet.
  const FRIDAY = new Date('2026-03-06T13:00:00+08:00');
  const file = (storage: Storage, engineerId: string, date: string, at: string) =>
    submitDailyReport(storage, {
      engineerId,
      input: { date, workDone: '客户现场演示' },
      now: new Date(at),
      timezone: 'Asia/Shanghai',
      employment: { startDate: '2020-01-01', endDate: null },
    });

  it('counts the reports in on time of the workdays due, live, as `kpi status` does; a card stands in for days not kept', async () => {
    const storage = await dynamo.freshStorage();
    await team(storage);
    await file(storage, 'n1', '2026-03-02', '2026-03-02T19:00:00+08:00'); // on time
    await file(storage, 'n1', '2026-03-03', '2026-03-05T09:00:00+08:00'); // after noon on the 4th: late
    await file(storage, 'n1', '2026-03-06', '2026-03-06T10:00:00+08:00'); // not due yet
    // An edit keeps the first submission's time: Monday stays on time.
    await file(storage, 'n1', '2026-03-02', '2026-03-06T11:00:00+08:00');
    // n2's card was scored mid-month (a preview run); the report it filed since counts, live.
    await file(storage, 'n2', '2026-03-04', '2026-03-04T18:00:00+08:00');
    await storeScoreCardRevision(
      storage,
      cardOf('n2', { workdays: 2, missed: 0 }),
      0,
      new Date('2026-03-04T20:00:00+08:00'),
    );
    // e1's reports were filed before the days were kept, its card scored after the month: the card counts.
    await storeCard(
      storage,
      'e1',
      MONTH,
      [30, 20, 10, 10, 5, 5],
      {},
      { dailyReport: { workdays: 21, missed: 1 } },
    );

    const admin_ = await monthOverview(storage, admin, { month: MONTH }, FRIDAY);
    // n1 1 of 4, n2 1 of 4 (not its card's 2 of 2), e1 20 of 21.
    expect(admin_.evidence.dailyReports).toEqual({ filed: 22, due: 29 });
    const viewer = await monthOverview(storage, northViewer, { month: MONTH }, FRIDAY);
    expect(viewer.evidence.dailyReports).toEqual({ filed: 2, due: 8 });

    const status = await monthStatus({ storage, now: () => FRIDAY, actor: 'test' }, { month: MONTH });
    const row = (id: string) => status.dailyReports.find((r) => r.engineerId === id)!;
    expect(row('n1')).toMatchObject({ workdaysDue: 4, onTime: 1, lateDays: ['2026-03-03'] });
    expect(row('n2')).toMatchObject({ workdaysDue: 4, onTime: 1 });

    // A week later every March workday of that week is due; Friday's report came in on time.
    const later = await monthOverview(
      storage,
      northViewer,
      { month: MONTH },
      new Date('2026-03-09T13:00:00+08:00'),
    );
    expect(later.evidence.dailyReports).toEqual({ filed: 3, due: 10 });
  });
});
