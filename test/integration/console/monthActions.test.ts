// The console's month actions over HTTP, signed in through the real local provider: run scoring, finalise and
// reopen, each confirmed on its own page and answered with what it did, through the same use cases as the admin
// API (in-process runs, as `npm start` wires them; emails in the SES stand-in). A viewer is offered none and is
// refused each (403, nothing changed); a POST without the CSRF token or without the confirmation does nothing;
// finalise is refused while an appeal is open (named), then done; after that an edit is refused; every change
// is recorded with the signed-in admin as its author.
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser, LocalProvider } from '../../../local/oidcProvider.ts';
import { useConsoleMonthRuns } from '../../../shared/http/console.ts';
import { mailConfig } from '../../../shared/mail/config.ts';
import { pipelineContext } from '../../../shared/pipeline/context.ts';
import type { ScoringQueue } from '../../../shared/pipeline/dispatch.ts';
import { inProcessMonthRuns } from '../../../shared/pipeline/localRuns.ts';
import { installMonthRuns, type MonthRuns, queuedMonthRuns } from '../../../shared/pipeline/monthRuns.ts';
import type { ScoringMessage } from '../../../shared/pipeline/scoring.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { listAuditOfMonth } from '../../../shared/storage/audit.ts';
import { listExamScoresOfMonth } from '../../../shared/storage/facts.ts';
import { keys } from '../../../shared/storage/keys.ts';
import { findMonthRecord } from '../../../shared/storage/months.ts';
import { type CookieJar, request, signIn, useConsoleProvider } from '../../support/console.ts';
import { clearSentEmails, readSentEmails, useSesLocal } from '../../support/ses.ts';
import { useStack } from '../../support/stack.ts';

const ses = useSesLocal();
const stack = useStack();
// Months long past on the real clock the console uses: their evidence has closed whenever this runs.
const MONTH = '2025-10';
const OTHER = '2025-11';
let provider: LocalProvider;
let admin: ConsoleUser;
let viewer: ConsoleUser;
let adminJar: CookieJar;
let viewerJar: CookieJar;
let north: string;
let inProcess: MonthRuns;

beforeAll(async () => {
  ({ provider, admin, viewer } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  // What `npm start` wires: the console's and the admin API's runs happen in this process.
  inProcess = inProcessMonthRuns(
    pipelineContext({
      storage: stack.storage,
      ses: ses.client,
      mail: mailConfig({ from: 'KPI <kpi@example.com>' }),
      publicBaseUrl: stack.url,
    }),
    { retryDelayMs: 10 },
  );
  installMonthRuns(inProcess);
  north = (await stack.engineer({ name: '北方工程师', region: '华北' })).id;
  await stack.engineer({ name: '东方工程师', region: '华东' });
  adminJar = await signIn(stack.url, admin);
  viewerJar = await signIn(stack.url, viewer);
});

afterAll(async () => {
  installMonthRuns(undefined);
  await provider?.stop();
});

const url = (path: string, month = MONTH) => `${stack.url}/console/months/${month}/${path}?lang=en`;

async function text(response: Response, status = 200): Promise<string> {
  const body = await response.text();
  expect(response.status, body.slice(0, 2000)).toBe(status);
  return body;
}

/** The confirmation page's form fields (its CSRF token), as a browser would post them. */
async function confirmForm(
  jar: CookieJar,
  action: string,
  month = MONTH,
): Promise<{ csrf: string; confirm: string }> {
  const body = await text(await request(jar, url(action, month)));
  const csrf = /name="csrf" value="([^"]+)"/.exec(body)?.[1];
  expect(csrf).toBeDefined();
  expect(body).toContain('name="confirm" value="yes"');
  return { csrf: csrf!, confirm: 'yes' };
}

async function csrfOf(jar: CookieJar): Promise<string> {
  const body = await text(await request(jar, `${stack.url}/console?month=${MONTH}&lang=en`));
  return /name="csrf" value="([^"]+)"/.exec(body)![1]!;
}

async function setOpenAppeals(month: string, open: Record<string, string>): Promise<void> {
  // Records an open appeal on the month's record as the appeal repository does.
  await stack.storage.doc.send(
    new UpdateCommand({
      TableName: stack.storage.tableName,
      Key: keys.month(month),
      UpdateExpression: 'SET openAppeals = :open ADD version :one',
      ExpressionAttributeValues: { ':open': open, ':one': 1 },
    }),
  );
}

describe('a viewer and requests without their token', () => {
  it('a viewer is offered no month action, and each page and post is refused (403) with nothing done', async () => {
    const overview = await text(await request(viewerJar, `${stack.url}/console?month=${OTHER}&lang=en`));
    expect(overview).not.toContain('Month actions');
    expect(overview).not.toContain('/console/months/');
    const csrf = await csrfOf(viewerJar);
    for (const action of ['run', 'finalize', 'reopen']) {
      expect((await request(viewerJar, url(action, OTHER))).status).toBe(403);
      const posted = await request(viewerJar, url(action, OTHER), {
        form: { csrf, confirm: 'yes', reason: 'crafted' },
      });
      expect(posted.status).toBe(403);
    }
    expect(await findMonthRecord(stack.storage, OTHER)).toBeUndefined();
  });

  it('an admin post without the CSRF token, or with another one, is refused (403) and runs nothing', async () => {
    expect((await request(adminJar, url('run', OTHER), { form: { confirm: 'yes' } })).status).toBe(403);
    const wrong = await request(adminJar, url('run', OTHER), {
      form: { csrf: 'x'.repeat(43), confirm: 'yes' },
    });
    expect(wrong.status).toBe(403);
    expect(await findMonthRecord(stack.storage, OTHER)).toBeUndefined();
  });

  it('a post without the confirmation (a stale link, a crafted form) is a 400 naming it and runs nothing', async () => {
    const { csrf } = await confirmForm(adminJar, 'run', OTHER);
    const body = await text(await request(adminJar, url('run', OTHER), { form: { csrf } }), 400);
    expect(body).toContain('confirm');
    expect(await findMonthRecord(stack.storage, OTHER)).toBeUndefined();
  });
});

describe("an admin runs a month's life from the console", () => {
  it('runs scoring, is refused finalising while an appeal is open, finalises, is refused an edit, reopens with a reason', async () => {
    await clearSentEmails(ses.ses.url);
    // The overview offers what the month's state allows: a closed month can be scored.
    const closed = await text(await request(adminJar, `${stack.url}/console?month=${MONTH}&lang=en`));
    expect(closed).toContain('Month actions');
    expect(closed).toContain(`/console/months/${MONTH}/run?lang=en`);
    expect(closed).not.toContain(`/console/months/${MONTH}/finalize`);

    // Run scoring: confirm, then what it did.
    const ran = await text(await request(adminJar, url('run'), { form: await confirmForm(adminJar, 'run') }));
    expect(ran).toContain(`Scoring run done ${MONTH}`);
    expect(ran).toContain('2 engineers: 2 scored, 2 emailed, 0 unchanged.');
    expect(ran).toContain('Team summary sent.');
    expect((await findMonthRecord(stack.storage, MONTH))!.state).toBe('provisional');
    expect((await readSentEmails(ses.ses.url)).length).toBe(3);

    // Finalise is refused while an appeal is open, naming it; the month stays provisional.
    await setOpenAppeals(MONTH, { [north]: 'appeal-7' });
    // The overview flags it, linking to the Appeals page.
    const flagged = await text(await request(adminJar, `${stack.url}/console?month=${MONTH}&lang=en`));
    expect(flagged).toContain(
      `<a class="flag" href="/console/appeals?month=${MONTH}&amp;lang=en">open appeal</a>`,
    );
    const held = await request(adminJar, url('finalize'), { form: await confirmForm(adminJar, 'finalize') });
    const heldBody = await text(held, 409);
    expect(heldBody).toContain(`${MONTH} has open appeals, resolve them first: ${north} (appeal-7)`);
    expect((await findMonthRecord(stack.storage, MONTH))!.state).toBe('provisional');

    // Resolved (as the appeal repository clears it): finalised, with the final run and who did it.
    await setOpenAppeals(MONTH, {});
    const provisional = await text(await request(adminJar, `${stack.url}/console?month=${MONTH}&lang=en`));
    expect(provisional).toContain(`/console/months/${MONTH}/finalize?lang=en`);
    const done = await text(
      await request(adminJar, url('finalize'), { form: await confirmForm(adminJar, 'finalize') }),
    );
    expect(done).toContain(`Finalised ${MONTH}`);
    expect(done).toMatch(/Final since \d{4}-\d\d-\d\d \d\d:\d\d \(Asia\/Shanghai\), by admin@example\.com\./);
    expect(done).toContain('2 engineers: 2 scored, 0 emailed, 2 unchanged.');
    const record = (await findMonthRecord(stack.storage, MONTH))!;
    expect(record).toMatchObject({ state: 'final', finalizedBy: 'admin@example.com' });

    // After final, an edit is refused with the reason, and nothing is written.
    const csrf = await csrfOf(adminJar);
    const edit = await request(adminJar, `${stack.url}/console/exam-scores?lang=en`, {
      form: { csrf, month: MONTH, engineerId: north, score: '90' },
    });
    expect(await text(edit, 409)).toContain(`${MONTH} is final since`);
    expect(await listExamScoresOfMonth(stack.storage, MONTH)).toEqual([]);
    // A second finalise is refused the same way; the overview offers only reopening.
    const again = await request(adminJar, url('finalize'), { form: { csrf, confirm: 'yes' } });
    expect(await text(again, 409)).toContain(`${MONTH} is final since`);
    const final = await text(await request(adminJar, `${stack.url}/console?month=${MONTH}&lang=en`));
    expect(final).toContain(`/console/months/${MONTH}/reopen?lang=en`);
    expect(final).not.toContain(`/console/months/${MONTH}/run`);

    // Reopen without a reason: the confirmation page again with the problem beside the field; nothing changed.
    const form = await confirmForm(adminJar, 'reopen');
    const noReason = await text(
      await request(adminJar, url('reopen'), { form: { ...form, reason: '  ' } }),
      400,
    );
    expect(noReason).toContain('aria-invalid="true"');
    expect(noReason).toContain('must say why the month is reopened');
    expect((await findMonthRecord(stack.storage, MONTH))!.state).toBe('final');
    const reopened = await text(
      await request(adminJar, url('reopen'), { form: { ...form, reason: 'late exam result' } }),
    );
    expect(reopened).toContain(`Reopened ${MONTH}`);
    expect(reopened).toContain('by admin@example.com. Reason: late exam result');
    expect((await findMonthRecord(stack.storage, MONTH))!.state).toBe('provisional');

    // The record of changes names the signed-in admin as the author of the finalisation and the reopening.
    const changes = (await listAuditOfMonth(stack.storage, MONTH)).filter((e) =>
      ['finalized', 'reopened'].includes(e.action),
    );
    expect(changes.map((e) => [e.action, e.actor])).toEqual([
      ['finalized', 'admin@example.com'],
      ['reopened', 'admin@example.com'],
    ]);
    expect(changes[1]!.reason).toBe('late exam result');
  });

  it('the confirmation pages are in Chinese too, and a bad month is a 400 naming it', async () => {
    const zh = await text(await request(adminJar, `${stack.url}/console/months/${MONTH}/reopen?lang=zh-CN`));
    expect(zh).toContain('<html lang="zh-CN">');
    expect(zh).toContain('确认重新开放');
    expect(zh).toContain('原因（必填，记入变更记录）');
    const bad = await request(adminJar, `${stack.url}/console/months/2025-13/run?lang=en`);
    expect(await text(bad, 400)).toContain('month');
  });
});

describe('on AWS', () => {
  it("runs a month through the Console function's own runs (the scoring queue): dispatched, and it says how many", async () => {
    // As deployed: nothing installed for the process, the function's queue (here one that keeps the messages).
    // The handler module has been loaded by the sign-ins above, so it does not replace this one afterwards.
    const sent: ScoringMessage[] = [];
    const queue: ScoringQueue = { send: async (messages) => void sent.push(...messages) };
    installMonthRuns(undefined);
    useConsoleMonthRuns(
      queuedMonthRuns(
        () => ({ storage: stack.storage, now: () => new Date(), rubric: defaultRubric }),
        () => queue,
      ),
    );
    try {
      const month = '2025-06';
      const body = await text(
        await request(adminJar, url('run', month), { form: await confirmForm(adminJar, 'run', month) }),
      );
      expect(body).toMatch(/Dispatched 2 engineers to the scoring queue \(run [^)]+\)/);
      expect(sent.map((m) => m.month)).toEqual([month, month]);
    } finally {
      installMonthRuns(inProcess);
    }
  });
});
