// Appeals on DynamoDB Local (lifecycle.md "Appeals"): the page's use cases and the admin's, through the real
// table. One open appeal per engineer-month; editable until resolved or the deadline; resolving is conditional;
// a final month takes none; every write comes with its month record change and its record of changes, or not
// at all; an appeal racing the month's finalisation leaves one consistent outcome.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveAppeal } from '../../../shared/admin/appeals.ts';
import type { AdminContext } from '../../../shared/admin/context.ts';
import type { Appeal } from '../../../shared/domain/appeal.ts';
import { ConflictError, LinkInvalidError, MonthFinalError } from '../../../shared/errors.ts';
import { appealFormPage, submitAppealForm } from '../../../shared/forms/appeal.ts';
import { signLink } from '../../../shared/links/token.ts';
import {
  fileAppeal as fileStored,
  listAppealsOfEngineerMonth,
  listPendingAppealKeys,
  resolveAppeal as resolveStored,
} from '../../../shared/storage/appeals.ts';
import { listAuditOfEngineerMonth } from '../../../shared/storage/audit.ts';
import { createStorage, queryAll } from '../../../shared/storage/client.ts';
import { findOverride } from '../../../shared/storage/facts.ts';
import { finalizeMonthRecord, findMonthRecord } from '../../../shared/storage/months.ts';
import { readJson, useStack } from '../../support/stack.ts';
import { tokenSpellings } from '../../support/tokenSpellings.ts';
import { scoredMonth } from './support.ts';

const stack = useStack();

let nextYear = 2040;
/** A month of its own for each case: a month's record is shared by its engineers. */
const freshMonth = () => `${nextYear++}-10`;
const firstRun = (month: string) => new Date(`${month.slice(0, 4)}-11-03T01:00:00Z`);
const days = (n: number) => n * 86_400_000;

const form = (fields: { indicators?: string[]; reason?: string }) => {
  const f = new URLSearchParams();
  for (const k of fields.indicators ?? []) f.append('indicators', k);
  if (fields.reason !== undefined) f.set('reason', fields.reason);
  return f;
};

async function engineerPartition(engineerId: string) {
  return queryAll(stack.storage, {
    KeyConditionExpression: 'pk = :pk',
    ExpressionAttributeValues: { ':pk': `ENG#${engineerId}` },
    ConsistentRead: true,
  });
}

async function setup(options: { legacy?: boolean } = {}) {
  const engineer = await stack.engineer({ language: 'en' });
  const month = freshMonth();
  const at = firstRun(month);
  const deadline = new Date(at.getTime() + days(7));
  const link = await scoredMonth(stack.storage, { engineer, month, firstRunAt: at, deadline, ...options });
  return { engineer, month, at, deadline, ...link, during: new Date(at.getTime() + days(1)) };
}

/** A scored month with an appeal filed through the form the day after its first run. */
async function filed(fields: { indicators: string[]; reason: string }) {
  const c = await setup();
  await submitAppealForm(stack.storage, c.token, form(fields), 'en', c.during);
  const [appeal] = await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month);
  return { ...c, appeal: appeal! };
}

const adminCtx = (now: Date): AdminContext => ({ storage: stack.storage, now: () => now, actor: 'wang.min' });

describe('filing and editing an appeal', () => {
  it('shows the page without writing anything, then files one appeal with the month record and its record of changes', async () => {
    const c = await setup();
    const before = await engineerPartition(c.engineer.id);
    const page = await appealFormPage(stack.storage, c.token, undefined, c.during);
    expect(page.status).toBe(200);
    expect(page.html).toContain('Which indicators do you question?');
    expect(await engineerPartition(c.engineer.id)).toEqual(before);
    expect((await findMonthRecord(stack.storage, c.month))?.openAppeals).toEqual({});

    const filed = await submitAppealForm(
      stack.storage,
      c.token,
      form({
        indicators: ['learning', 'followUp'],
        reason: 'My exam was on the 28th; the score is missing.',
      }),
      undefined,
      c.during,
    );
    expect(filed.status).toBe(200);
    expect(filed.html).toContain('Your appeal has been filed');
    const [appeal, ...others] = await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month);
    expect(others).toEqual([]);
    expect(appeal).toMatchObject({
      status: 'open',
      cardRevision: c.revision,
      indicators: ['followUp', 'learning'],
      deadline: c.deadline.toISOString(),
    });
    expect((await findMonthRecord(stack.storage, c.month))?.openAppeals).toEqual({
      [c.engineer.id]: appeal!.id,
    });
    const audit = await listAuditOfEngineerMonth(stack.storage, c.engineer.id, c.month);
    expect(audit).toMatchObject([
      { action: 'appealed', actor: `engineer:${c.engineer.id}`, item: { kind: 'appeal', id: appeal!.id } },
    ]);
    expect((await listPendingAppealKeys(stack.storage)).map((k) => k.sk)).toContain(
      `APPEAL#${appeal!.id}#FILED`,
    );
  });

  it('edits the open appeal instead of opening a second one, keeping each version', async () => {
    const c = await setup();
    await submitAppealForm(
      stack.storage,
      c.token,
      form({ indicators: ['learning'], reason: 'first' }),
      'en',
      c.during,
    );
    const later = new Date(c.during.getTime() + 60_000);
    const edited = await submitAppealForm(
      stack.storage,
      c.token,
      form({ indicators: ['learning', 'complaints'], reason: 'second, with the complaint too' }),
      'en',
      later,
    );
    expect(edited.html).toContain('Your appeal has been updated.');
    const appeals = await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month);
    expect(appeals).toHaveLength(1);
    expect(appeals[0]).toMatchObject({
      reason: 'second, with the complaint too',
      indicators: ['complaints', 'learning'],
      revisions: [{ reason: 'first' }, { reason: 'second, with the complaint too' }],
    });
    const actions = (await listAuditOfEngineerMonth(stack.storage, c.engineer.id, c.month)).map(
      (a) => a.action,
    );
    expect(actions).toEqual(['appealed', 'appeal-edited']);
  });

  it('two first submissions at once leave one appeal: the other is an edit of it or refused, never a second one', async () => {
    for (let round = 0; round < 4; round++) {
      const c = await setup();
      const clients = [0, 1].map(() =>
        createStorage({ tableName: stack.storage.tableName, endpoint: stack.dynamoEndpoint }),
      );
      const results = await Promise.allSettled(
        clients.map((s, i) =>
          submitAppealForm(
            s,
            c.token,
            form({ indicators: ['learning'], reason: `tab ${i}` }),
            'en',
            c.during,
          ),
        ),
      );
      for (const s of clients) s.doc.destroy();
      const appeals = await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month);
      expect(appeals).toHaveLength(1);
      expect((await findMonthRecord(stack.storage, c.month))?.openAppeals).toEqual({
        [c.engineer.id]: appeals[0]!.id,
      });
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(ConflictError);
      const saved = results.filter((r) => r.status === 'fulfilled').length;
      expect(saved).toBeGreaterThanOrEqual(1);
      // Every saved submission is one version of the one appeal, and one entry in the record of changes.
      expect(appeals[0]!.revisions).toHaveLength(saved);
      expect(await listAuditOfEngineerMonth(stack.storage, c.engineer.id, c.month)).toHaveLength(saved);
    }
  });

  it('answers a bad form with the page again (400), messages beside the fields, and writes nothing', async () => {
    const c = await setup();
    const before = await engineerPartition(c.engineer.id);
    const page = await submitAppealForm(
      stack.storage,
      c.token,
      form({ indicators: [], reason: 'x'.repeat(2001) }),
      'zh-CN',
      c.during,
    );
    expect(page.status).toBe(400);
    expect(page.html).toContain('请至少选择一个指标');
    expect(page.html).toContain('申诉理由最多 2000 个字');
    expect(page.html).toContain('x'.repeat(2001));
    expect(await engineerPartition(c.engineer.id)).toEqual(before);
  });

  it('closes at the deadline: 410 with the deadline in local time, the open appeal unchanged', async () => {
    const c = await setup();
    await submitAppealForm(
      stack.storage,
      c.token,
      form({ indicators: ['learning'], reason: 'on time' }),
      'en',
      c.during,
    );
    const after = new Date(c.deadline.getTime() + 1);
    const shown = await appealFormPage(stack.storage, c.token, 'en', after);
    expect(shown.status).toBe(410);
    // 01:00Z on the 10th is 09:00 in Shanghai.
    expect(shown.html).toContain(
      `Appeals for ${c.month} closed at ${c.month.slice(0, 4)}-11-10 09:00 (Asia/Shanghai)`,
    );
    const posted = await submitAppealForm(
      stack.storage,
      c.token,
      form({ indicators: ['resolution'], reason: 'late' }),
      'en',
      after,
    );
    expect(posted.status).toBe(410);
    const [appeal] = await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month);
    expect(appeal).toMatchObject({ reason: 'on time', indicators: ['learning'] });
  });

  it('takes an appeal for a month scored before the lifecycle was recorded, and records the month as provisional', async () => {
    const c = await setup({ legacy: true });
    expect(await findMonthRecord(stack.storage, c.month)).toBeUndefined();
    await submitAppealForm(
      stack.storage,
      c.token,
      form({ indicators: ['satisfaction'], reason: 'one survey only' }),
      'en',
      c.during,
    );
    const [appeal] = await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month);
    expect(await findMonthRecord(stack.storage, c.month)).toMatchObject({
      state: 'provisional',
      appealDeadline: c.deadline.toISOString(),
      openAppeals: { [c.engineer.id]: appeal!.id },
    });
  });
});

describe('resolving an appeal', () => {
  const learningAppeal = () => filed({ indicators: ['learning'], reason: 'exam missing' });

  it('rejects with a reason: the month no longer names it, the engineer is told, and it cannot be resolved twice', async () => {
    const c = await learningAppeal();
    const at = new Date(c.during.getTime() + days(1));
    const resolved = await resolveAppeal(adminCtx(at), {
      id: c.appeal.id,
      rejected: true,
      reason: 'the exam was in November',
    });
    expect(resolved).toMatchObject({
      status: 'rejected',
      resolvedBy: 'wang.min',
      outcomeReason: 'the exam was in November',
    });
    expect((await findMonthRecord(stack.storage, c.month))?.openAppeals).toEqual({});
    expect((await listPendingAppealKeys(stack.storage)).map((k) => k.sk)).toContain(
      `APPEAL#${c.appeal.id}#RESOLVED`,
    );
    await expect(
      resolveAppeal(adminCtx(at), { id: c.appeal.id, upheld: true, reason: 'again' }),
    ).rejects.toBeInstanceOf(ConflictError);
    // A resolved appeal is shown with its outcome; the engineer may appeal again before the deadline.
    const page = await appealFormPage(stack.storage, c.token, 'en', at);
    expect(page.html).toContain('Rejected');
    expect(page.html).toContain('the exam was in November');
  });

  it('upholds with the correcting override in the same transaction; the override names the appeal', async () => {
    const c = await learningAppeal();
    const at = new Date(c.during.getTime() + days(1));
    await resolveAppeal(adminCtx(at), {
      id: c.appeal.id,
      upheld: true,
      reason: 'exam 91 was recorded late',
      indicator: 'learning',
      points: 12,
    });
    expect(
      await findOverride(stack.storage, { engineerId: c.engineer.id, month: c.month, indicator: 'learning' }),
    ).toMatchObject({
      points: 12,
      appealId: c.appeal.id,
      reason: 'exam 91 was recorded late',
      by: 'wang.min',
    });
    const audit = await listAuditOfEngineerMonth(stack.storage, c.engineer.id, c.month);
    expect(audit.map((a) => `${a.item.kind}:${a.action}`).sort()).toEqual([
      'appeal:appeal-upheld',
      'appeal:appealed',
      'override:created',
    ]);
  });

  it('never overwrites an edit made after the manager read the appeal: the resolution is refused, nothing written', async () => {
    const c = await learningAppeal();
    const read = c.appeal;
    await submitAppealForm(
      stack.storage,
      c.token,
      form({ indicators: ['learning'], reason: 'exam 91, see HR mail' }),
      'en',
      new Date(c.during.getTime() + 1000),
    );
    const stale = {
      ...read,
      status: 'rejected' as const,
      resolvedAt: c.during.toISOString(),
      resolvedBy: 'wang.min',
      outcomeReason: 'no',
    };
    const audit = {
      month: c.month,
      engineerId: c.engineer.id,
      at: c.during.toISOString(),
      actor: 'wang.min',
      action: 'appeal-rejected' as const,
      item: { kind: 'appeal' as const, id: read.id },
      before: read,
      after: stale,
    };
    await expect(resolveStored(stack.storage, stale, read.updatedAt, audit)).rejects.toThrow(
      /edited meanwhile/,
    );
    const [now] = await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month);
    expect(now).toMatchObject({ status: 'open', reason: 'exam 91, see HR mail' });
    expect((await findMonthRecord(stack.storage, c.month))?.openAppeals).toEqual({
      [c.engineer.id]: read.id,
    });
  });

  it('refuses to resolve in a final month (409 naming the month), writing nothing', async () => {
    const c = await learningAppeal();
    // Finalising is refused while the appeal is open; force the state as a reopen-less final month would be.
    const record = (await findMonthRecord(stack.storage, c.month))!;
    await expect(
      finalizeMonthRecord(
        stack.storage,
        c.month,
        { actor: 'job', at: c.during, timezone: 'Asia/Shanghai' },
        record,
      ),
    ).rejects.toThrow(/open appeals/);
    const before = await engineerPartition(c.engineer.id);
    await stack.storage.doc.send(
      new (await import('@aws-sdk/lib-dynamodb')).UpdateCommand({
        TableName: stack.storage.tableName,
        Key: { pk: `MONTH#${c.month}`, sk: 'STATE' },
        UpdateExpression: 'SET #s = :f, finalizedAt = :at',
        ExpressionAttributeNames: { '#s': 'state' },
        ExpressionAttributeValues: { ':f': 'final', ':at': c.during.toISOString() },
      }),
    );
    const refused = resolveAppeal(adminCtx(c.during), {
      id: c.appeal.id,
      upheld: true,
      reason: 'x',
      indicator: 'learning',
      points: 12,
    });
    await expect(refused).rejects.toBeInstanceOf(MonthFinalError);
    await expect(refused).rejects.toThrow(new RegExp(`^${c.month} is final since`));
    expect(await engineerPartition(c.engineer.id)).toEqual(before);
    const page = await appealFormPage(stack.storage, c.token, 'zh-CN', c.during);
    expect(page.status).toBe(410);
    expect(page.html).toContain('考核结果已于');
  });
});

const ROUNDS = 12;

describe('an appeal racing the finalisation of its month', () => {
  it('refuses at the write an appeal whose month was read provisional and finalised before it landed', async () => {
    const c = await setup();
    const stale = (await findMonthRecord(stack.storage, c.month))!;
    await finalizeMonthRecord(
      stack.storage,
      c.month,
      { actor: 'job', at: c.during, timezone: 'Asia/Shanghai' },
      stale,
    );
    const at = c.during.toISOString();
    const appeal: Appeal = {
      id: `ap-stale-${c.engineer.id}`,
      engineerId: c.engineer.id,
      month: c.month,
      cardRevision: c.revision,
      indicators: ['learning'],
      reason: 'read before the month was final',
      status: 'open',
      filedAt: at,
      updatedAt: at,
      deadline: c.deadline.toISOString(),
      revisions: [],
    };
    const audit = {
      month: c.month,
      engineerId: c.engineer.id,
      at,
      actor: `engineer:${c.engineer.id}`,
      action: 'appealed' as const,
      item: { kind: 'appeal' as const, id: appeal.id },
      before: null,
      after: appeal,
    };
    const refused = fileStored(stack.storage, appeal, stale, audit, { timezone: 'Asia/Shanghai' });
    await expect(refused).rejects.toBeInstanceOf(MonthFinalError);
    expect(await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month)).toEqual([]);
    expect(await findMonthRecord(stack.storage, c.month)).toMatchObject({ state: 'final', openAppeals: {} });
    expect(await listAuditOfEngineerMonth(stack.storage, c.engineer.id, c.month)).toEqual([]);
  });

  it('ends one way or the other, never both, never a final month with an open appeal', async () => {
    const outcomes = { appealed: 0, finalized: 0 };
    for (let round = 0; round < ROUNDS; round++) {
      const c = await setup();
      const record = (await findMonthRecord(stack.storage, c.month))!;
      // Separate clients, as two Lambdas would be.
      const [a, b] = [0, 1].map(() =>
        createStorage({ tableName: stack.storage.tableName, endpoint: stack.dynamoEndpoint }),
      );
      const [appealing, finalizing] = await Promise.allSettled([
        submitAppealForm(
          a!,
          c.token,
          form({ indicators: ['learning'], reason: `round ${round}` }),
          'en',
          c.during,
        ),
        // Staggered from 0 to ~60 ms: the early rounds finalise first, the late ones appeal first, the middle
        // ones meet inside the transactions.
        new Promise((resolve) => setTimeout(resolve, round * 5)).then(() =>
          finalizeMonthRecord(b!, c.month, { actor: 'job', at: c.during, timezone: 'Asia/Shanghai' }, record),
        ),
      ]);
      a!.doc.destroy();
      b!.doc.destroy();
      const now = (await findMonthRecord(stack.storage, c.month))!;
      const appeals = await listAppealsOfEngineerMonth(stack.storage, c.engineer.id, c.month);
      if (now.state === 'final') {
        expect(finalizing.status).toBe('fulfilled');
        expect(appeals).toEqual([]);
        expect(now.openAppeals).toEqual({});
        expect(appealing.status === 'fulfilled' ? appealing.value.status : 'refused').not.toBe(200);
        outcomes.finalized++;
      } else {
        expect(finalizing.status).toBe('rejected');
        expect(appeals).toHaveLength(1);
        expect(now.openAppeals).toEqual({ [c.engineer.id]: appeals[0]!.id });
        outcomes.appealed++;
      }
    }
    expect(outcomes.appealed + outcomes.finalized).toBe(ROUNDS);
    console.info(
      `appeal vs finalise, ${ROUNDS} rounds: appealed ${outcomes.appealed}, finalised ${outcomes.finalized}`,
    );
  });
});

describe('the admin API of appeals', () => {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${stack.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await readJson(res) };
  };

  it('lists a month, shows one, and resolves it upheld with an override; bad resolutions are a 400 naming the field', async () => {
    const c = await filed({ indicators: ['learning'], reason: 'exam missing' });
    const listed = await call('GET', `/admin/months/${c.month}/appeals`);
    expect(listed.status).toBe(200);
    expect(listed.body).toMatchObject([
      { engineerId: c.engineer.id, status: 'open', indicators: ['learning'] },
    ]);
    const id = listed.body[0].id as string;
    expect((await call('GET', `/admin/appeals/${id}`)).body).toMatchObject({ id, reason: 'exam missing' });
    expect((await call('GET', '/admin/appeals/ap-none')).status).toBe(404);

    const neither = await call('POST', `/admin/appeals/${id}/resolve`, { reason: 'x' });
    expect(neither.status).toBe(400);
    expect(neither.body.problems).toContainEqual({
      path: 'upheld',
      message: 'say either upheld or rejected',
    });
    const rejectedWithOverride = await call('POST', `/admin/appeals/${id}/resolve`, {
      rejected: true,
      reason: 'x',
      indicator: 'learning',
      points: 3,
    });
    expect(rejectedWithOverride.status).toBe(400);
    const tooMany = await call('POST', `/admin/appeals/${id}/resolve`, {
      upheld: true,
      reason: 'x',
      indicator: 'learning',
      points: 99,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.problems[0].path).toBe('points');
    expect((await findMonthRecord(stack.storage, c.month))?.openAppeals).toEqual({ [c.engineer.id]: id });

    const upheld = await call('POST', `/admin/appeals/${id}/resolve`, {
      upheld: true,
      reason: 'exam 91 recorded late',
      indicator: 'learning',
      points: 12,
    });
    expect(upheld.status).toBe(200);
    expect(upheld.body).toMatchObject({
      status: 'upheld',
      correction: { indicator: 'learning', points: 12 },
    });
    expect(
      await findOverride(stack.storage, { engineerId: c.engineer.id, month: c.month, indicator: 'learning' }),
    ).toMatchObject({
      appealId: id,
    });
    expect(
      (await call('POST', `/admin/appeals/${id}/resolve`, { rejected: true, reason: 'again' })).status,
    ).toBe(409);
  });
});

describe('the kpi appeals commands', () => {
  const ROOT = join(import.meta.dirname, '../../..');
  const scratch = mkdtempSync(join(tmpdir(), 'kpi-cli-'));
  const kpi = (...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> =>
    new Promise((resolve) => {
      execFile(
        process.execPath,
        ['--import', 'tsx', 'cli/kpi.ts', ...args, '--api', stack.url, '--token', stack.adminToken],
        { cwd: ROOT, env: { ...process.env, DATA_DIR: scratch, NODE_NO_WARNINGS: '1' } },
        (error, stdout, stderr) => resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
      );
    });

  it('lists a month as a table, resolves with --rejected --reason, and refuses a resolution naming neither', async () => {
    const { appeal, ...c } = await filed({ indicators: ['dailyReport'], reason: 'on leave' });
    const list = await kpi('appeals', 'list', c.month);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(appeal.id);
    expect(list.stdout).toContain('open');
    const neither = await kpi('appeals', 'resolve', appeal.id, '--reason', 'x');
    expect(neither.code).not.toBe(0);
    expect(neither.stderr).toContain('say either upheld or rejected');
    const resolved = await kpi(
      'appeals',
      'resolve',
      appeal.id,
      '--rejected',
      '--reason',
      'the leave was not approved',
    );
    expect(resolved.code).toBe(0);
    const shown = await kpi('appeals', 'show', appeal.id, '--json');
    expect(JSON.parse(shown.stdout)).toMatchObject({
      status: 'rejected',
      outcomeReason: 'the leave was not approved',
    });
  });

  it('a link revoked by `kpi engineers rotate-link` no longer opens the page (403)', async () => {
    const c = await setup();
    expect((await kpi('engineers', 'rotate-link', c.engineer.id)).code).toBe(0);
    await expect(appealFormPage(stack.storage, c.token, 'en', c.during)).rejects.toBeInstanceOf(
      LinkInvalidError,
    );
  });
});

describe('the appeal link through the gateway', () => {
  it('opens only with its one spelling: every other spelling, another kind of link, a changed id are 403 and file nothing', async () => {
    const engineer = await stack.engineer({ language: 'en' });
    const month = freshMonth();
    const now = Date.now();
    const { token } = await scoredMonth(stack.storage, {
      engineer,
      month,
      firstRunAt: new Date(now - days(1)),
      deadline: new Date(now + days(6)),
    });
    const post = (t: string) =>
      fetch(`${stack.url}/a/${encodeURIComponent(t)}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'indicators=learning&reason=spelled',
      });
    const get = (t: string) => fetch(`${stack.url}/a/${encodeURIComponent(t)}`);
    // The stack's own key (useStack puts it in LINK_KEY).
    const key = Buffer.from(process.env.LINK_KEY!, 'base64url');
    const others = [
      ...tokenSpellings(token).map((s) => s.token),
      (await stack.surveyCase()).token,
      // Signed with our key, but naming a revision that was never reported.
      signLink(key, { kind: 'appeal', id: `${engineer.id}/${month}/r9`, version: 1, expiresAt: 4e9 }),
    ];
    for (const t of others) {
      for (const attempt of [get, post]) {
        const res = await attempt(t);
        await res.arrayBuffer();
        expect(res.status, t).toBe(403);
      }
    }
    expect(await listAppealsOfEngineerMonth(stack.storage, engineer.id, month)).toEqual([]);
    expect((await get(token)).status).toBe(200);
  });
});
