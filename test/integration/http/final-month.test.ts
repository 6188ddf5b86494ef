// Every write to a month, guarded and recorded, through the admin API and the forms over HTTP against DynamoDB
// Local: each kind of manager change lands on a provisional month with exactly one entry in the record of changes
// (the token's holder, before and after), and is refused for a final month with 409 naming the month and since
// when, the table unchanged; the survey and daily-report forms of a final month answer 410 and store nothing.
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../../shared/domain/audit.ts';
import type { SupportRequest } from '../../../shared/domain/facts.ts';
import { ConflictError, MonthStateError } from '../../../shared/errors.ts';
import { defaultSurvey } from '../../../shared/rubric/defaultParts.ts';
import { listAuditOfEngineerMonth } from '../../../shared/storage/audit.ts';
import { replaceSupportRequest } from '../../../shared/storage/facts.ts';
import { finalizeMonthRecord, findMonthRecord, recordFirstRun } from '../../../shared/storage/months.ts';
import { readJson, uniqueId, useStack } from '../../support/stack.ts';

const stack = useStack();
const ZONE = 'Asia/Shanghai';

async function call(method: string, path: string, body?: unknown) {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${stack.adminToken}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, json: await readJson(res) };
}

/** Every item of the table, whole: what "nothing was written" is compared on. */
async function scan(): Promise<string[]> {
  const items: string[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await stack.storage.doc.send(
      new ScanCommand({ TableName: stack.storage.tableName, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) items.push(JSON.stringify(item, Object.keys(item).sort()));
    start = page.LastEvaluatedKey;
  } while (start);
  return items.sort();
}

/** A month of its own for each test (the months of one table are shared by the file's tests). */
let nextMonth = 0;
function freshMonth(): string {
  const n = nextMonth++;
  return `${2015 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}
const nextMonthOf = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
};

/** The month's first run: provisional, as the monthly run leaves it. */
async function provisional(month: string): Promise<void> {
  await recordFirstRun(stack.storage, month, {
    at: new Date(`${nextMonthOf(month)}-03T01:00:00Z`),
    appealDeadline: new Date(`${nextMonthOf(month)}-10T01:00:00Z`),
    timezone: ZONE,
  });
}

/** Finalises the month on the 10th of the next month, 09:00 Shanghai; returns that local time as shown. */
async function finalize(month: string): Promise<string> {
  const next = nextMonthOf(month);
  await finalizeMonthRecord(
    stack.storage,
    month,
    { actor: 'hr@example.com', at: new Date(`${next}-10T01:00:00Z`), timezone: ZONE },
    await findMonthRecord(stack.storage, month),
  );
  return `${next}-10 09:00 (${ZONE})`;
}

interface Case {
  /** The engineer and the month written to. */
  e: string;
  p: string;
  month: string;
  /** An id made while preparing (the request, complaint or story the write acts on). */
  id?: string;
}

interface WriteKind {
  name: string;
  /** Made before the write, while the month is provisional (recorded, but not counted). */
  prepare?: (c: Case) => Promise<string | undefined>;
  write: (c: Case) => Promise<{ status: number; json: Awaited<ReturnType<typeof readJson>> }>;
  /** The one entry the write must add to the record of changes. */
  entry: (c: Case) => Partial<Record<keyof AuditEntry, unknown>>;
}

const day = (month: string) => `${month}-14`;

const KINDS: WriteKind[] = [
  {
    name: 'add a support request',
    write: (c) =>
      call('POST', '/admin/support-requests', {
        engineerId: c.e,
        customer: 'ACME',
        dueAt: `${day(c.month)}T18:00:00+08:00`,
      }),
    entry: () => ({
      action: 'created',
      item: { kind: 'support-request', id: expect.any(String) },
      before: null,
      after: expect.objectContaining({ customer: 'ACME', resolvedAt: null }),
    }),
  },
  {
    name: 'resolve a support request',
    prepare: async (c) =>
      (
        await call('POST', '/admin/support-requests', {
          engineerId: c.e,
          customer: 'ACME',
          dueAt: `${day(c.month)}T18:00:00+08:00`,
        })
      ).json.id,
    write: (c) =>
      call('POST', `/admin/support-requests/${c.id}/resolve`, {
        resolvedAt: `${day(c.month)}T17:00:00+08:00`,
        independent: true,
      }),
    entry: (c) => ({
      action: 'resolved',
      item: { kind: 'support-request', id: c.id },
      before: expect.objectContaining({ resolvedAt: null, independent: false }),
      after: expect.objectContaining({ resolvedAt: `${day(c.month)}T17:00:00+08:00`, independent: true }),
    }),
  },
  {
    name: 're-open a support request',
    prepare: async (c) => {
      const id = (
        await call('POST', '/admin/support-requests', {
          engineerId: c.e,
          customer: 'ACME',
          dueAt: `${day(c.month)}T18:00:00+08:00`,
          resolvedAt: `${day(c.month)}T17:00:00+08:00`,
        })
      ).json.id;
      return id;
    },
    write: (c) =>
      call('POST', `/admin/support-requests/${c.id}/resolve`, { resolvedAt: null, independent: false }),
    entry: (c) => ({
      action: 'reopened-request',
      item: { kind: 'support-request', id: c.id },
      before: expect.objectContaining({ resolvedAt: `${day(c.month)}T17:00:00+08:00` }),
      after: expect.objectContaining({ resolvedAt: null }),
    }),
  },
  {
    name: 'add a complaint',
    write: (c) =>
      call('POST', '/admin/complaints', { engineerId: c.e, date: day(c.month), text: 'Late reply' }),
    entry: () => ({
      action: 'created',
      item: { kind: 'complaint', id: expect.any(String) },
      before: null,
      after: expect.objectContaining({ status: 'pending', text: 'Late reply' }),
    }),
  },
  {
    name: 'confirm a complaint',
    prepare: async (c) =>
      (await call('POST', '/admin/complaints', { engineerId: c.e, date: day(c.month), text: 'Late reply' }))
        .json.id,
    // `by` names who decided (the report shows it); the record's actor is still the caller.
    write: (c) => call('POST', `/admin/complaints/${c.id}/confirm`, { by: '王敏' }),
    entry: (c) => ({
      action: 'confirmed',
      item: { kind: 'complaint', id: c.id },
      before: expect.objectContaining({ status: 'pending' }),
      after: expect.objectContaining({ status: 'confirmed', decidedBy: '王敏' }),
    }),
  },
  {
    name: 'dismiss a complaint',
    prepare: async (c) =>
      (await call('POST', '/admin/complaints', { engineerId: c.e, date: day(c.month), text: 'Late reply' }))
        .json.id,
    write: (c) => call('POST', `/admin/complaints/${c.id}/dismiss`, {}),
    entry: (c) => ({
      action: 'dismissed',
      item: { kind: 'complaint', id: c.id },
      before: expect.objectContaining({ status: 'pending' }),
      after: expect.objectContaining({ status: 'dismissed', decidedBy: stack.adminTokenName }),
    }),
  },
  {
    name: 'set an exam score (replacing one)',
    prepare: async (c) => {
      await call('PUT', '/admin/exam-scores', { engineerId: c.e, month: c.month, score: 64 });
      return undefined;
    },
    write: (c) =>
      call('PUT', '/admin/exam-scores', { engineerId: c.e, month: c.month, score: 91, by: '王敏' }),
    entry: (c) => ({
      action: 'updated',
      item: { kind: 'exam-score', id: `${c.e}/${c.month}` },
      before: expect.objectContaining({ score: 64 }),
      after: expect.objectContaining({ score: 91, by: '王敏' }),
    }),
  },
  {
    name: 'add a success story',
    write: (c) =>
      call('POST', '/admin/success-stories', { engineerId: c.e, date: day(c.month), title: 'Won it' }),
    entry: () => ({
      action: 'created',
      item: { kind: 'success-story', id: expect.any(String) },
      before: null,
      after: expect.objectContaining({ title: 'Won it' }),
    }),
  },
  {
    name: 'remove a success story',
    prepare: async (c) =>
      (await call('POST', '/admin/success-stories', { engineerId: c.e, date: day(c.month), title: 'Won it' }))
        .json.id,
    write: (c) => call('DELETE', `/admin/success-stories/${c.id}`),
    entry: (c) => ({
      action: 'removed',
      item: { kind: 'success-story', id: c.id },
      before: expect.objectContaining({ title: 'Won it' }),
      after: null,
    }),
  },
  {
    name: 'set the verdict',
    write: (c) => call('PUT', '/admin/verdicts', { engineerId: c.e, month: c.month, verdict: 'insightful' }),
    entry: (c) => ({
      action: 'created',
      item: { kind: 'verdict', id: `${c.e}/${c.month}` },
      before: null,
      after: expect.objectContaining({ verdict: 'insightful' }),
    }),
  },
  {
    name: 'set an override',
    write: (c) =>
      call('PUT', '/admin/overrides', {
        engineerId: c.e,
        month: c.month,
        indicator: 'complaints',
        points: 15,
        reason: 'Customer withdrew it',
      }),
    entry: (c) => ({
      action: 'created',
      item: { kind: 'override', id: `${c.e}/${c.month}/complaints` },
      before: null,
      after: expect.objectContaining({ points: 15 }),
      reason: 'Customer withdrew it',
    }),
  },
  {
    name: 'remove an override',
    prepare: async (c) => {
      await call('PUT', '/admin/overrides', {
        engineerId: c.e,
        month: c.month,
        indicator: 'complaints',
        points: 15,
        reason: 'Customer withdrew it',
      });
      return undefined;
    },
    write: (c) => call('DELETE', `/admin/overrides/${c.e}/${c.month}/complaints`),
    entry: (c) => ({
      action: 'removed',
      item: { kind: 'override', id: `${c.e}/${c.month}/complaints` },
      before: expect.objectContaining({ points: 15 }),
      after: null,
    }),
  },
  {
    name: 'record a follow-up visit',
    write: (c) =>
      call('POST', '/admin/follow-ups', {
        engineerId: c.e,
        projectId: c.p,
        date: day(c.month),
        note: 'Onsite',
      }),
    entry: (c) => ({
      action: 'created',
      item: { kind: 'follow-up-visit', id: expect.any(String) },
      before: null,
      after: expect.objectContaining({ projectId: c.p, note: 'Onsite' }),
    }),
  },
];

async function newCase(month: string): Promise<Case> {
  const engineer = await stack.engineer();
  const project = await stack.project(engineer.id, { start: '2010-01-01' });
  return { e: engineer.id, p: project.id, month };
}

const entriesOf = (c: Case) => listAuditOfEngineerMonth(stack.storage, c.e, c.month);

describe('a manager’s change of a provisional month', () => {
  it.each(KINDS.map((k) => [k.name, k] as const))(
    '%s: lands with exactly one entry in the record',
    async (_, kind) => {
      const c = await newCase(freshMonth());
      await provisional(c.month);
      c.id = await kind.prepare?.(c);
      const before = await entriesOf(c);
      const written = await kind.write(c);
      expect(written.status, JSON.stringify(written.json)).toBeLessThan(300);
      const added = (await entriesOf(c)).filter((x) => !before.some((b) => b.id === x.id));
      expect(added).toEqual([
        expect.objectContaining({
          month: c.month,
          engineerId: c.e,
          actor: stack.adminTokenName,
          ...kind.entry(c),
        }),
      ]);
    },
  );
});

describe('a manager’s change of a final month', () => {
  it.each(KINDS.map((k) => [k.name, k] as const))(
    '%s: refused with 409 naming the month and since when; nothing written',
    async (_, kind) => {
      const c = await newCase(freshMonth());
      await provisional(c.month);
      c.id = await kind.prepare?.(c);
      const since = await finalize(c.month);
      const table = await scan();
      const refused = await kind.write(c);
      expect(refused.status).toBe(409);
      expect(refused.json.error).toBe(
        `${c.month} is final since ${since}; an admin must reopen it to change it`,
      );
      expect(await scan()).toEqual(table);
    },
  );

  it('a support request moved out of a final month is refused by the import, naming its line', async () => {
    const c = await newCase(freshMonth());
    const open = freshMonth();
    await provisional(c.month);
    const request = await call('POST', '/admin/support-requests', {
      engineerId: c.e,
      customer: 'ACME',
      dueAt: `${day(c.month)}T18:00:00+08:00`,
    });
    const since = await finalize(c.month);
    const table = await scan();
    // Re-importing it with a due time in an open month would take it out of the final month.
    const moved = await call('POST', '/admin/import/support-requests', {
      rows: [
        { id: request.json.id, engineerId: c.e, customer: 'ACME', dueAt: `${day(open)}T18:00:00+08:00` },
      ],
    });
    expect(moved.status).toBe(400);
    expect(moved.json.problems).toEqual([
      {
        path: 'rows[0].dueAt',
        message: `line 2: ${c.month} is final since ${since}; an admin must reopen it to change it`,
      },
    ]);
    expect(await scan()).toEqual(table);
  });
});

describe('changes racing the month’s finalisation', () => {
  it('each lands with its entry or is refused with nothing written, never one without the other', async () => {
    const month = freshMonth();
    await provisional(month);
    const engineers = await Promise.all(Array.from({ length: 12 }, () => stack.engineer()));
    const [answers] = await Promise.all([
      Promise.all(
        engineers.map((e) => call('PUT', '/admin/exam-scores', { engineerId: e.id, month, score: 80 })),
      ),
      // A finalisation meeting a change of the same month in flight may be told to retry (TransactionConflict).
      (async () => {
        for (let attempt = 0; ; attempt++) {
          try {
            return await finalize(month);
          } catch (error) {
            if (!(error instanceof ConflictError) || error instanceof MonthStateError || attempt > 20)
              throw error;
          }
        }
      })(),
    ]);
    for (const [i, e] of engineers.entries()) {
      const stored = (await call('GET', `/admin/exam-scores?month=${month}`)).json.some(
        (x: { engineerId: string }) => x.engineerId === e.id,
      );
      const entries = await listAuditOfEngineerMonth(stack.storage, e.id, month);
      if (answers[i]!.status === 200) {
        expect(stored).toBe(true);
        expect(entries).toHaveLength(1);
      } else {
        expect(answers[i]!.status).toBe(409);
        expect(stored).toBe(false);
        expect(entries).toEqual([]);
      }
    }
    // Whatever the interleaving, nothing lands after: the month is final now.
    const late = await call('PUT', '/admin/exam-scores', { engineerId: engineers[0]!.id, month, score: 99 });
    expect(late.status).toBe(409);
  });
});

describe('a support request that changes its due month', () => {
  it('is a change of both months: refused when either is final, nothing written', async () => {
    const c = await newCase(freshMonth());
    const other = freshMonth();
    await provisional(c.month);
    const stored = (
      await call('POST', '/admin/support-requests', {
        engineerId: c.e,
        customer: 'ACME',
        dueAt: `${day(c.month)}T18:00:00+08:00`,
      })
    ).json as SupportRequest;
    const moved: SupportRequest = {
      ...stored,
      dueAt: `${day(other)}T18:00:00+08:00`,
      updatedAt: new Date().toISOString(),
    };
    const by = { actor: 'hr@example.com', at: moved.updatedAt, action: 'updated' as const };

    // Into a final month.
    const since = await finalize(other);
    let table = await scan();
    await expect(replaceSupportRequest(stack.storage, moved, stored, ZONE, by)).rejects.toThrow(
      `${other} is final since ${since}`,
    );
    expect(await scan()).toEqual(table);

    // Out of a final month.
    const back: SupportRequest = { ...stored, dueAt: `${day(freshMonth())}T18:00:00+08:00` };
    const left = await finalize(c.month);
    table = await scan();
    await expect(replaceSupportRequest(stack.storage, back, stored, ZONE, by)).rejects.toThrow(
      `${c.month} is final since ${left}`,
    );
    expect(await scan()).toEqual(table);
  });

  it('between two open months: moved in one transaction, one entry in each month', async () => {
    const c = await newCase(freshMonth());
    const other = freshMonth();
    const stored = (
      await call('POST', '/admin/support-requests', {
        engineerId: c.e,
        customer: 'ACME',
        dueAt: `${day(c.month)}T18:00:00+08:00`,
      })
    ).json as SupportRequest;
    const moved: SupportRequest = {
      ...stored,
      dueAt: `${day(other)}T18:00:00+08:00`,
      updatedAt: new Date().toISOString(),
    };
    await replaceSupportRequest(stack.storage, moved, stored, ZONE, {
      actor: 'hr',
      at: moved.updatedAt,
      action: 'updated',
    });
    expect((await call('GET', `/admin/support-requests?month=${c.month}`)).json).toEqual([]);
    expect((await call('GET', `/admin/support-requests?month=${other}`)).json).toEqual([moved]);
    for (const month of [c.month, other]) {
      const entries = await listAuditOfEngineerMonth(stack.storage, c.e, month);
      expect(entries.at(-1)).toMatchObject({ month, actor: 'hr', before: stored, after: moved });
    }
  });
});

describe('the support-request import', () => {
  it('names every row of a final month by its line and writes nothing; a good file is recorded row by row', async () => {
    const final = freshMonth();
    const open = freshMonth();
    const e = (await stack.engineer()).id;
    await provisional(final);
    const since = await finalize(final);
    const row = (month: string, customer: string) => ({
      engineerId: e,
      customer,
      dueAt: `${day(month)}T18:00:00+08:00`,
    });
    const table = await scan();
    const refused = await call('POST', '/admin/import/support-requests', {
      rows: [row(open, 'A'), row(final, 'B'), row(open, 'C'), row(final, 'D')],
    });
    expect(refused.status).toBe(400);
    expect(refused.json.problems.map((p: { message: string }) => p.message)).toEqual([
      `line 3: ${final} is final since ${since}; an admin must reopen it to change it`,
      `line 5: ${final} is final since ${since}; an admin must reopen it to change it`,
    ]);
    expect(await scan()).toEqual(table);

    // 60 rows take more than one transaction; each row is stored with its entry.
    const rows = Array.from({ length: 60 }, (_, i) => row(open, `C${i}`));
    const imported = await call('POST', '/admin/import/support-requests', { rows });
    expect(imported.json).toMatchObject({ rows: 60, created: 60 });
    const entries = await listAuditOfEngineerMonth(stack.storage, e, open);
    expect(entries).toHaveLength(60);
    expect(new Set(entries.map((x) => x.actor))).toEqual(new Set([stack.adminTokenName]));
    expect(entries.map((x) => (x.after as { customer: string }).customer).sort()).toEqual(
      rows.map((r) => r.customer).sort(),
    );
  });
});

describe('the record of changes', () => {
  it('`GET /admin/months/{month}/audit` lists the month, or one engineer-month, oldest first', async () => {
    const month = freshMonth();
    const [a, b] = [await newCase(month), await newCase(month)];
    await call('PUT', '/admin/exam-scores', { engineerId: a.e, month, score: 64 });
    await call('PUT', '/admin/exam-scores', { engineerId: b.e, month, score: 70 });
    await call('PUT', '/admin/exam-scores', { engineerId: a.e, month, score: 91 });
    const all = await call('GET', `/admin/months/${month}/audit`);
    expect(all.json).toMatchObject({ month, timezone: ZONE });
    expect(
      all.json.entries.map((x: AuditEntry) => [x.engineerId, (x.after as { score: number }).score]),
    ).toEqual([
      [a.e, 64],
      [b.e, 70],
      [a.e, 91],
    ]);
    const mine = await call('GET', `/admin/months/${month}/audit?engineerId=${a.e}`);
    expect(
      mine.json.entries.map((x: AuditEntry) => [x.action, x.before && (x.before as { score: number }).score]),
    ).toEqual([
      ['created', null],
      ['updated', 64],
    ]);
    expect((await call('GET', `/admin/months/${month}/audit?engineerId=${uniqueId('nobody')}`)).status).toBe(
      404,
    );
  });
});

// ── the forms ─────────────────────────────────────────────────────────────────────────────────────────────────

const postForm = (url: string, body: URLSearchParams) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });

function ratingsForm(): URLSearchParams {
  const form = new URLSearchParams();
  for (const q of defaultSurvey.questions) form.set(`ratings.${q.key}`, '5');
  return form;
}

describe('the forms of a final month', () => {
  it('a survey link whose invitation’s month is final: 410 in the respondent’s language, and a POST stores nothing', async () => {
    const month = freshMonth();
    const engineer = await stack.engineer();
    const respondent = await stack.respondent({ language: 'en' });
    // Its window still open: the month's state decides, not the survey window.
    const invitation = await stack.invitation({
      respondentId: respondent.id,
      engineerId: engineer.id,
      month,
    });
    const url = await stack.surveyUrl(invitation);
    expect((await fetch(url)).status).toBe(200);
    const since = await finalize(month);

    const shown = await fetch(url);
    expect(shown.status).toBe(410);
    const page = await shown.text();
    expect(page).toContain('This month is final');
    expect(page).toContain(`The scores of ${month} are final since ${since}`);
    expect(page).not.toContain('本月考核已定稿');
    const zh = await (await fetch(`${url}?lang=zh-CN`)).text();
    expect(zh).toContain(`${month} 的考核自 ${since} 起已定稿`);

    const table = await scan();
    const posted = await postForm(url, ratingsForm());
    expect(posted.status).toBe(410);
    expect(await posted.text()).toContain(`The scores of ${month} are final since ${since}`);
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ratings: Object.fromEntries(defaultSurvey.questions.map((q) => [q.key, 5])) }),
    });
    expect(json.status).toBe(410);
    expect((await readJson(json)).error).toBe(
      `${month} is final since ${since}; its forms take no more answers`,
    );
    expect(await scan()).toEqual(table);
  });

  it('the daily report of a day in a final month: GET and POST answer 410 naming the month; other months stay open', async () => {
    const month = freshMonth();
    const engineer = await stack.engineer({ language: 'zh-CN', startDate: '2010-01-01' });
    const url = await stack.dailyReportUrl(engineer);
    const since = await finalize(month);

    const shown = await fetch(`${url}?date=${day(month)}`);
    expect(shown.status).toBe(410);
    expect(await shown.text()).toContain(`${month} 的考核自 ${since} 起已定稿`);
    const en = await fetch(`${url}?date=${day(month)}&lang=en`);
    expect(await en.text()).toContain(`The scores of ${month} are final since ${since}`);

    const table = await scan();
    const form = new URLSearchParams({ date: day(month), workDone: 'Site survey', problems: '', plan: '' });
    const posted = await postForm(url, form);
    expect(posted.status).toBe(410);
    expect(await posted.text()).toContain(`${month} 的考核自 ${since} 起已定稿`);
    const token = url.split('/r/')[1]!;
    const json = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ date: day(month), workDone: 'Site survey' }),
    });
    expect(json.status).toBe(410);
    expect(await scan()).toEqual(table);

    // The month after is not final: its day is filed as usual.
    const open = nextMonthOf(month);
    const filed = await postForm(url, new URLSearchParams({ date: day(open), workDone: 'Site survey' }));
    expect(filed.status).toBe(201);
  });
});
