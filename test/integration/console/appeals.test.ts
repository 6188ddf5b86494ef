// The console's Appeals page over HTTP, signed in through the real local provider, on a month scored through the
// runs port and appealed through the engineers' own appeal form: a viewer sees their region's appeals only and
// no form, and a crafted resolve from them is refused (403); a resolve without the CSRF token is refused; a
// refused form comes back with each problem beside its field, nothing written; the admin upholds one appeal with
// its correction (an override naming the appeal, in the same call) and rejects the other with a reason, each
// recorded with the signed-in admin; finalising is refused while an appeal is open and done once none is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser, LocalProvider } from '../../../local/oidcProvider.ts';
import type { Engineer } from '../../../shared/domain/engineer.ts';
import { submitAppealForm } from '../../../shared/forms/appeal.ts';
import { appealLink } from '../../../shared/links/links.ts';
import { mailConfig } from '../../../shared/mail/config.ts';
import { pipelineContext } from '../../../shared/pipeline/context.ts';
import { inProcessMonthRuns } from '../../../shared/pipeline/localRuns.ts';
import { installMonthRuns, type MonthRuns } from '../../../shared/pipeline/monthRuns.ts';
import { listAppealsOfMonth } from '../../../shared/storage/appeals.ts';
import { listAuditOfMonth } from '../../../shared/storage/audit.ts';
import { listOverridesOfMonth } from '../../../shared/storage/facts.ts';
import { findMonthRecord } from '../../../shared/storage/months.ts';
import { type CookieJar, request, signIn, useConsoleProvider } from '../../support/console.ts';
import { useSesLocal } from '../../support/ses.ts';
import { useStack } from '../../support/stack.ts';

const ses = useSesLocal();
const stack = useStack();
const MONTH = '2025-07';
let provider: LocalProvider;
let adminJar: CookieJar;
let viewerJar: CookieJar;
let north: Engineer;
let east: Engineer;
let northAppeal: string;
let eastAppeal: string;

/** Files `engineer`'s appeal through their own appeal form, as the link in their report opens it. */
async function fileAppeal(engineer: Engineer, reason: string): Promise<string> {
  const record = (await findMonthRecord(stack.storage, MONTH))!;
  const { token } = await appealLink(
    { engineerId: engineer.id, month: MONTH, cardRevision: 1 },
    engineer,
    new Date(record.appealDeadline!),
    stack.url,
  );
  const form = new URLSearchParams({ reason });
  form.append('indicators', 'satisfaction');
  const page = await submitAppealForm(stack.storage, token, form, 'en', new Date());
  expect(page.status).toBe(200);
  const appeal = (await listAppealsOfMonth(stack.storage, MONTH)).find((a) => a.engineerId === engineer.id);
  return appeal!.id;
}

beforeAll(async () => {
  let admin: ConsoleUser;
  let viewer: ConsoleUser;
  ({ provider, admin, viewer } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  const runs: MonthRuns = inProcessMonthRuns(
    pipelineContext({
      storage: stack.storage,
      ses: ses.client,
      mail: mailConfig({ from: 'KPI <kpi@example.com>' }),
      publicBaseUrl: stack.url,
    }),
    { retryDelayMs: 10 },
  );
  installMonthRuns(runs);
  north = await stack.engineer({ name: '北方工程师', region: '华北' });
  east = await stack.engineer({ name: '东方工程师', region: '华东' });
  // The first run: cards stored, the month provisional with its appeal deadline days ahead.
  await runs.run(MONTH, { final: false });
  northAppeal = await fileAppeal(north, 'Two customers answered after the window.');
  eastAppeal = await fileAppeal(east, 'The survey went to the wrong contact.');
  adminJar = await signIn(stack.url, admin);
  viewerJar = await signIn(stack.url, viewer);
});

afterAll(async () => {
  installMonthRuns(undefined);
  await provider?.stop();
});

const pageUrl = (lang = 'en') => `${stack.url}/console/appeals?month=${MONTH}&lang=${lang}`;
const resolveUrl = (id: string) => `${stack.url}/console/appeals/${encodeURIComponent(id)}/resolve?lang=en`;

async function text(response: Response, status = 200): Promise<string> {
  const body = await response.text();
  expect(response.status, body.slice(0, 2000)).toBe(status);
  return body;
}

async function csrfOf(jar: CookieJar): Promise<string> {
  return /name="csrf" value="([^"]+)"/.exec(await text(await request(jar, pageUrl())))![1]!;
}

/** The `<article>` of one appeal on the page. */
function article(body: string, id: string): string {
  return new RegExp(`<article class="card" data-appeal="${id}"[\\s\\S]*?</article>`).exec(body)?.[0] ?? '';
}

const statusOf = async (id: string) =>
  (await listAppealsOfMonth(stack.storage, MONTH)).find((a) => a.id === id)!.status;

describe('the Appeals page', () => {
  it("shows a viewer their region's open appeal only, with no form, and refuses their crafted resolve (403)", async () => {
    const body = await text(await request(viewerJar, pageUrl()));
    expect(body).toContain('Open appeals (1)');
    expect(article(body, northAppeal)).toContain('Two customers answered after the window.');
    expect(body).not.toContain('东方工程师');
    expect(body).not.toContain('name="outcome"');
    const csrf = await csrfOf(viewerJar);
    const crafted = await request(viewerJar, resolveUrl(northAppeal), {
      form: { csrf, month: MONTH, outcome: 'rejected', reason: 'crafted' },
    });
    expect(crafted.status).toBe(403);
    expect(await statusOf(northAppeal)).toBe('open');
  });

  it('refuses a resolve without the CSRF token (403), and shows a bad form again with each problem beside its field', async () => {
    const noToken = await request(adminJar, resolveUrl(northAppeal), {
      form: { month: MONTH, outcome: 'rejected', reason: 'x' },
    });
    expect(noToken.status).toBe(403);
    const csrf = await csrfOf(adminJar);
    const empty = await text(
      await request(adminJar, resolveUrl(northAppeal), { form: { csrf, month: MONTH, reason: ' ' } }),
      400,
    );
    const refused = article(empty, northAppeal);
    expect(refused).toContain('say either upheld or rejected');
    expect(refused).toMatch(/<textarea[^>]*name="reason"[^>]*aria-invalid="true"/);
    expect(refused).toContain('give a reason for the outcome');
    const tooMany = await text(
      await request(adminJar, resolveUrl(northAppeal), {
        form: {
          csrf,
          month: MONTH,
          outcome: 'upheld',
          reason: 'late answers',
          indicator: 'satisfaction',
          points: '999',
        },
      }),
      400,
    );
    expect(article(tooMany, northAppeal)).toMatch(
      /<input[^>]*name="points"[^>]*value="999"[^>]*aria-invalid="true"/,
    );
    expect(article(tooMany, northAppeal)).toContain('999 is above the most satisfaction can score');
    // What was typed is kept.
    expect(article(tooMany, northAppeal)).toContain('>late answers</textarea>');
    expect(await statusOf(northAppeal)).toBe('open');
    expect(await listOverridesOfMonth(stack.storage, MONTH)).toEqual([]);
  });

  it('the admin upholds one with its correction and rejects the other; finalise is refused until none is open', async () => {
    const csrf = await csrfOf(adminJar);
    const upheld = await request(adminJar, resolveUrl(northAppeal), {
      form: {
        csrf,
        month: MONTH,
        outcome: 'upheld',
        reason: 'Two late answers counted',
        indicator: 'satisfaction',
        points: '14',
      },
    });
    expect(upheld.status).toBe(303);
    const after = await text(
      await request(adminJar, new URL(upheld.headers.get('location')!, stack.url).toString()),
    );
    expect(after).toContain('北方工程师&#39;s appeal was upheld.');
    expect(after).toContain('Resolved appeals (1)');
    expect(article(after, northAppeal)).toContain('Two late answers counted');
    expect(article(after, northAppeal)).toMatch(/correction: .+ set to 14 points/);
    expect(article(after, northAppeal)).toContain('by admin@example.com');
    // The correction is an override naming the appeal, written in the same call, by the signed-in admin.
    expect(await listOverridesOfMonth(stack.storage, MONTH)).toEqual([
      expect.objectContaining({
        engineerId: north.id,
        indicator: 'satisfaction',
        points: 14,
        appealId: northAppeal,
        by: 'admin@example.com',
      }),
    ]);

    // East's appeal is still open: finalising is refused, naming it.
    const finalize = `${stack.url}/console/months/${MONTH}/finalize?lang=en`;
    const held = await request(adminJar, finalize, { form: { csrf, confirm: 'yes' } });
    expect(await text(held, 409)).toContain(
      `${MONTH} has open appeals, resolve them first: ${east.id} (${eastAppeal})`,
    );

    const rejected = await request(adminJar, resolveUrl(eastAppeal), {
      form: { csrf, month: MONTH, outcome: 'rejected', reason: 'The contact was the one on file' },
    });
    expect(rejected.status).toBe(303);
    expect(await statusOf(eastAppeal)).toBe('rejected');
    const done = await text(await request(adminJar, finalize, { form: { csrf, confirm: 'yes' } }));
    expect(done).toContain(`Finalised ${MONTH}`);

    const resolutions = (await listAuditOfMonth(stack.storage, MONTH)).filter((e) =>
      ['appeal-upheld', 'appeal-rejected'].includes(e.action),
    );
    expect(resolutions.map((e) => [e.action, e.actor, e.reason])).toEqual([
      ['appeal-upheld', 'admin@example.com', 'Two late answers counted'],
      ['appeal-rejected', 'admin@example.com', 'The contact was the one on file'],
    ]);
    // The page in Chinese, with both outcomes.
    const zh = await text(await request(adminJar, pageUrl('zh-CN')));
    expect(zh).toContain('已处理申诉（2）');
    expect(zh).toContain('已支持');
    expect(zh).toContain('已驳回');
  });
});
