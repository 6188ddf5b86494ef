// The month overview's evidence progress, what needs attention and the team's 12-month trend, over HTTP signed in
// through the real local provider: survey responses of those invited (live), daily reports in on time (live; here
// from the stored cards, which stand in for reports filed before their days were kept) and follow-up weeks done
// (from the stored cards), each engineer's unanswered surveys and a parked scoring failure, and the
// trend from the months' last team summaries plus the month's own cards — for an admin the whole team, for a
// viewer their region only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser, LocalProvider } from '../../../local/oidcProvider.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { putRunDispatch, recordRunOutcome, recordSummaryShown } from '../../../shared/storage/runs.ts';
import { saveSurveyResponse } from '../../../shared/storage/survey.ts';
import { type CookieJar, request, signIn, storeCard, useConsoleProvider } from '../../support/console.ts';
import { useStack } from '../../support/stack.ts';

const stack = useStack();
const MONTH = '2026-03';
let provider: LocalProvider;
let adminJar: CookieJar;
let viewerJar: CookieJar;
let north: string;
let east: string;

/** A stored card's daily-report and follow-up counts, as the engine measures them. */
function measured(workdays: number, missed: number, cells: string[][]) {
  return {
    dailyReport: { workdays, missed },
    followUp: { projects: cells.map((c, i) => ({ projectId: `p${i}`, cells: c, missedWeeks: [] })) },
  };
}

beforeAll(async () => {
  let admin: ConsoleUser;
  let viewer: ConsoleUser;
  ({ provider, admin, viewer } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  north = (await stack.engineer({ name: '北方工程师', region: '华北' })).id;
  east = (await stack.engineer({ name: '东方工程师', region: '华东' })).id;
  await storeCard(
    stack.storage,
    north,
    MONTH,
    [35, 25, 15, 10, 10, 5],
    {},
    measured(21, 1, [['visited', 'visited', 'missed', 'visited', 'not-required']]),
  );
  await storeCard(
    stack.storage,
    east,
    MONTH,
    [30, 20, 10, 10, 5, 5],
    {},
    measured(21, 0, [
      ['visited', 'visited', 'visited', 'visited', 'visited'],
      ['not-required', 'missed', 'visited', 'not-required', 'not-required'],
    ]),
  );
  // Three invitations: two about north (one answered), one about east (unanswered).
  const contact = await stack.respondent({ name: '客户联系人' });
  const other = await stack.respondent({ name: '另一位联系人' });
  const answeredOne = await stack.invitation({ respondentId: contact.id, engineerId: north, month: MONTH });
  await stack.invitation({ respondentId: other.id, engineerId: north, month: MONTH });
  await stack.invitation({ respondentId: contact.id, engineerId: east, month: MONTH });
  await saveSurveyResponse(stack.storage, {
    invitation: answeredOne,
    answer: {
      ratings: Object.fromEntries(defaultRubric.survey.questions.map((q) => [q.key, 5])),
      comment: '',
    },
    now: new Date('2026-03-20T02:00:00Z'),
  });
  // The month's last run parked east (the card shown is an earlier one).
  await putRunDispatch(stack.storage, {
    runId: 'run-1',
    month: MONTH,
    engineerIds: [north, east],
    email: true,
    dispatchedAt: '2026-04-03T01:00:00Z',
  });
  await recordRunOutcome(stack.storage, {
    runId: 'run-1',
    month: MONTH,
    engineerId: east,
    engineerName: '东方工程师',
    status: 'parked',
    reason: 'DynamoDB throttled the card write',
    at: '2026-04-03T01:01:00Z',
  });
  // An earlier run parked north; the last run did not: not north's problem any more.
  await recordRunOutcome(stack.storage, {
    runId: 'run-0',
    month: MONTH,
    engineerId: north,
    engineerName: '北方工程师',
    status: 'parked',
    reason: 'an earlier failure',
    at: '2026-04-02T01:01:00Z',
  });
  // What the last team summaries of January and February showed; December had none.
  await recordSummaryShown(stack.storage, {
    month: '2026-01',
    engineers: { [north]: { revision: 1, total: 80 }, [east]: { revision: 1, total: 70 } },
    sentAt: '2026-02-03T01:00:00Z',
  });
  await recordSummaryShown(stack.storage, {
    month: '2026-02',
    engineers: { [north]: { revision: 2, total: 90 }, [east]: { revision: 1, total: 60 } },
    sentAt: '2026-03-03T01:00:00Z',
  });
  adminJar = await signIn(stack.url, admin);
  viewerJar = await signIn(stack.url, viewer);
});

afterAll(async () => {
  await provider?.stop();
});

async function overview(jar: CookieJar, lang = 'en'): Promise<string> {
  const page = await request(jar, `${stack.url}/console?month=${MONTH}&lang=${lang}`);
  expect(page.status).toBe(200);
  return page.text();
}

/** The text of the `<dd>` after the `<dt>` named `term`. */
function termValue(body: string, term: string): string | undefined {
  return new RegExp(`<dt>${term}</dt><dd>([^<]*)</dd>`).exec(body)?.[1];
}

function row(body: string, engineerId: string): string {
  return new RegExp(`<tr data-engineer="${engineerId}">[\\s\\S]*?</tr>`).exec(body)?.[0] ?? '';
}

function trendData(body: string): { labels: string[]; values: Array<number | null> } {
  return JSON.parse(/<script type="application\/json" id="trend-data">([^<]*)<\/script>/.exec(body)![1]!);
}

describe('the month overview: evidence progress, what needs attention, the trend', () => {
  it("shows an admin the whole team's progress, each engineer's flags and the 12-month trend", async () => {
    const body = await overview(adminJar);
    expect(termValue(body, 'Survey responses received')).toBe('1 of 3 (33%)');
    expect(termValue(body, 'Daily reports in on time')).toBe('41 of 42 (98%)');
    // Due: north 4 (3 visited + 1 missed), east 5 + 2 (1 missed) = 11; done 3 + 5 + 1 = 9.
    expect(termValue(body, 'Weekly follow-ups done')).toBe('9 of 11 (82%)');
    expect(row(body, north)).toContain('1 survey unanswered');
    expect(row(body, north)).not.toContain('scoring parked');
    expect(row(body, east)).toContain('1 survey unanswered');
    expect(row(body, east)).toContain('scoring parked: DynamoDB throttled the card write');

    const trend = trendData(body);
    expect(trend.labels).toHaveLength(12);
    expect(trend.labels[0]).toBe('2025-04');
    expect(trend.labels.slice(-3)).toEqual(['2026-01', '2026-02', MONTH]);
    // January (80+70)/2, February (90+60)/2, March from its cards (100 and 80); no summary → a gap, not 0.
    expect(trend.values.slice(-3)).toEqual([75, 75, 90]);
    expect(trend.values[trend.labels.indexOf('2025-12')]).toBeNull();
    expect(body).toContain('<div class="chart" id="trend" data-source="trend-data" role="img"');
  });

  it('shows a viewer the progress and trend of their region only', async () => {
    const body = await overview(viewerJar);
    expect(body).not.toContain('东方工程师');
    expect(termValue(body, 'Survey responses received')).toBe('1 of 2 (50%)');
    expect(termValue(body, 'Daily reports in on time')).toBe('20 of 21 (95%)');
    expect(termValue(body, 'Weekly follow-ups done')).toBe('3 of 4 (75%)');
    expect(trendData(body).values.slice(-3)).toEqual([80, 90, 100]);
  });

  it('says it in Chinese too, and a month not scored yet has surveys and daily reports but no follow-up counts', async () => {
    const zh = await overview(adminJar, 'zh-CN');
    expect(termValue(zh, '问卷回收')).toBe('1 / 3（33%）');
    expect(zh).toContain('问卷未答 1 份');
    expect(zh).toContain('评分失败已搁置：DynamoDB throttled the card write');
    const empty = await request(adminJar, `${stack.url}/console?month=2026-04&lang=en`);
    const text = await empty.text();
    expect(termValue(text, 'Survey responses received')).toBe('0 of 0');
    // Daily reports are counted live (nothing filed in April: none of its workdays' reports in), follow-ups are not.
    expect(termValue(text, 'Daily reports in on time')).toMatch(/^0 of [1-9]\d* \(0%\)$/);
    expect(termValue(text, 'Weekly follow-ups done')).toBe('not scored yet');
  });
});
