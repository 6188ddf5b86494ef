// A change of the engineer-month page refused for its fields, over HTTP, signed in through the real local provider:
// the answer is the page itself (400) with that one form filled as it was sent, each problem beside its field
// (aria-invalid, aria-describedby) and listed above the form with a link to the field, the other forms as they
// were, every form carrying the session's CSRF token — and nothing written. Refused in the preview or in the save
// (a hidden field of the preview's save form changed), in en and zh-CN. A final month is still the error page.
import { DomUtils, parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConsoleUser, LocalProvider } from '../../../local/oidcProvider.ts';
import { addComplaint, addSupportRequest, setExamScore } from '../../../shared/admin/facts.ts';
import { listAuditOfEngineerMonth } from '../../../shared/storage/audit.ts';
import {
  listComplaintsOfMonth,
  listExamScoresOfMonth,
  listOverridesOfMonth,
  listSuccessStoriesOfMonth,
  listSupportRequestsOfMonth,
} from '../../../shared/storage/facts.ts';
import { finalizeMonthRecord } from '../../../shared/storage/months.ts';
import { type CookieJar, request, signIn, useConsoleProvider } from '../../support/console.ts';
import { useStack } from '../../support/stack.ts';

const stack = useStack();
const MONTH = '2026-10';
const FINAL_MONTH = '2026-08';
let provider: LocalProvider;
let admin: ConsoleUser;
let jar: CookieJar;
let csrf: string;
let engineerId: string;
let requestIds: string[];
let complaintId: string;

const seed = () => ({ storage: stack.storage, now: () => new Date(), actor: 'seed@example.com' });
type Lang = 'en' | 'zh-CN';
const pageUrl = (lang: Lang = 'en', month = MONTH) =>
  `${stack.url}/console/engineers/${engineerId}/months/${month}?lang=${lang}`;
const previewUrl = (lang: Lang = 'en', month = MONTH) =>
  `${stack.url}/console/engineers/${engineerId}/months/${month}/preview?lang=${lang}`;
const saveUrl = (lang: Lang = 'en', month = MONTH) =>
  `${stack.url}/console/engineers/${engineerId}/months/${month}/changes?lang=${lang}`;

/** The page as a reader (or a screen reader) takes it: its controls by id, the text beside them, its alerts. */
function parsed(body: string) {
  const doc = parseDocument(body);
  const all = (test: Parameters<typeof DomUtils.findAll>[0]) => DomUtils.findAll(test, doc.children);
  const byId = (id: string) => DomUtils.getElementById(id, doc.children);
  return {
    /** A form's control by the form's id and the field's name. */
    control(form: string, name: string) {
      const element = byId(`${form}-${name}`);
      if (!element) throw new Error(`no field ${name} in form ${form}`);
      const selected = DomUtils.findOne(
        (o) => o.name === 'option' && o.attribs.selected !== undefined,
        element.children,
      );
      return {
        value: element.name === 'select' ? selected?.attribs.value : element.attribs.value,
        invalid: element.attribs['aria-invalid'],
        describedBy: element.attribs['aria-describedby']?.split(' ') ?? [],
        label: DomUtils.textContent(
          all((e) => e.name === 'label' && e.attribs.for === `${form}-${name}`)[0] ?? [],
        ),
      };
    },
    text: (id: string) => (byId(id) ? DomUtils.textContent(byId(id)!) : undefined),
    /** Every refused form's summary: its text and where its links lead. */
    alerts: all((e) => e.attribs.role === 'alert').map((a) => ({
      text: DomUtils.textContent(a),
      links: DomUtils.findAll((l) => l.name === 'a', a.children).map((l) => l.attribs.href),
      /** The form right after the summary. */
      before: DomUtils.nextElementSibling(a)?.attribs.action,
    })),
    invalid: all((e) => e.attribs['aria-invalid'] === 'true').map((e) => e.attribs.id),
    csrfTokens: all((e) => e.attribs.name === 'csrf').map((e) => e.attribs.value),
    lang: all((e) => e.name === 'html')[0]?.attribs.lang,
    hasCard: byId('card-title') !== null,
  };
}

/** What was written about the engineer-month: the record of changes and each kind of fact. */
async function written() {
  const mine = <T extends { engineerId: string }>(items: T[]) =>
    items.filter((i) => i.engineerId === engineerId);
  return {
    audit: (await listAuditOfEngineerMonth(stack.storage, engineerId, MONTH)).length,
    exam: mine(await listExamScoresOfMonth(stack.storage, MONTH)).map((e) => e.score),
    requests: mine(await listSupportRequestsOfMonth(stack.storage, MONTH)),
    complaints: mine(await listComplaintsOfMonth(stack.storage, MONTH)),
    stories: mine(await listSuccessStoriesOfMonth(stack.storage, MONTH)),
    overrides: mine(await listOverridesOfMonth(stack.storage, MONTH)),
  };
}

beforeAll(async () => {
  ({ provider, admin } = await useConsoleProvider(stack.url, { viewerRegion: '华北' }));
  engineerId = (await stack.engineer({ name: '回填工程师', region: '华北' })).id;
  const ctx = seed();
  requestIds = [];
  for (const [customer, day] of [
    ['远景客户', '12'],
    ['星河客户', '13'],
  ] as const) {
    const r = await addSupportRequest(ctx, {
      engineerId,
      customer,
      dueAt: `${MONTH}-${day}T18:00:00+08:00`,
      resolvedAt: null,
    });
    requestIds.push(r.id);
  }
  complaintId = (await addComplaint(ctx, { engineerId, date: `${MONTH}-14`, text: '回复太慢' })).id;
  await setExamScore(ctx, { engineerId, month: MONTH, score: 60 });
  jar = await signIn(stack.url, admin);
  const page = await request(jar, pageUrl());
  expect(page.status).toBe(200);
  csrf = /name="csrf" value="([^"]+)"/.exec(await page.text())![1]!;
});

afterAll(async () => {
  await provider?.stop();
});

describe('a change refused in its preview', () => {
  it('an exam score of 150: the page again (400), the score kept with its problem beside it; nothing written', async () => {
    const before = await written();
    const refused = await request(jar, previewUrl(), { form: { csrf, kind: 'exam-score', score: '150' } });
    expect(refused.status).toBe(400);
    const page = parsed(await refused.text());
    expect(page.hasCard).toBe(true); // the engineer-month page, not the error page
    const score = page.control('change-exam-score', 'score');
    expect(score).toMatchObject({ value: '150', invalid: 'true', label: 'Score (0–100)' });
    expect(score.describedBy).toContain('change-exam-score-score-problem');
    expect(page.text('change-exam-score-score-problem')).toMatch(/100/);
    // One summary, above that form, linking to the field; no other form is marked.
    expect(page.alerts).toHaveLength(1);
    expect(page.alerts[0]!.text).toContain('Please correct the following; nothing has been saved:');
    expect(page.alerts[0]!.text).toContain('Score (0–100)');
    expect(page.alerts[0]!.links).toEqual(['#change-exam-score-score']);
    expect(page.alerts[0]!.before).toContain('/preview');
    expect(page.invalid).toEqual(['change-exam-score-score']);
    expect(page.control('change-add-request', 'customer').value).toBe('');
    // Every form carries the session's token.
    expect(new Set(page.csrfTokens)).toEqual(new Set([csrf]));
    // Nothing was written: the store and the page's own evidence and record of changes say 60 still.
    expect(await written()).toEqual(before);
    const shown = await (await request(jar, pageUrl())).text();
    expect(shown).toMatch(/data-exam>60/);
  });

  it('a support request with a bad due time keeps the customer and every other field as typed', async () => {
    const before = await written();
    const sent = {
      csrf,
      kind: 'add-request',
      customer: '某新客户',
      dueAt: '2026-10-15 18:00',
      resolvedAt: '',
      independent: 'true',
      summary: '性能调优 "><script>alert(1)</script>',
    };
    const refused = await request(jar, previewUrl(), { form: sent });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    const page = parsed(body);
    const form = 'change-add-request';
    expect(page.control(form, 'customer')).toMatchObject({ value: '某新客户' });
    expect(page.control(form, 'customer').invalid).toBeUndefined();
    // As typed, and only as the field's value: what was sent is never markup on the page.
    expect(page.control(form, 'summary').value).toBe('性能调优 "><script>alert(1)</script>');
    expect(body).not.toContain('<script>alert(1)');
    expect(page.control(form, 'independent').value).toBe('true');
    expect(page.control(form, 'resolvedAt').value).toBe('');
    expect(page.control(form, 'dueAt')).toMatchObject({ value: '2026-10-15 18:00', invalid: 'true' });
    expect(page.text(`${form}-dueAt-problem`)).toBeTruthy();
    expect(page.alerts.map((a) => a.links)).toEqual([[`#${form}-dueAt`]]);
    expect(page.invalid).toEqual([`${form}-dueAt`]);
    expect(await written()).toEqual(before);
  });

  it("a row's form is the one re-filled: the other request's resolve form stays empty", async () => {
    const [first, second] = requestIds as [string, string];
    const refused = await request(jar, previewUrl(), {
      form: { csrf, kind: 'resolve-request', id: second, resolvedAt: 'yesterday', independent: 'false' },
    });
    expect(refused.status).toBe(400);
    const page = parsed(await refused.text());
    expect(page.control(`change-resolve-request-${second}`, 'resolvedAt')).toMatchObject({
      value: 'yesterday',
      invalid: 'true',
    });
    expect(page.control(`change-resolve-request-${second}`, 'independent').value).toBe('false');
    expect(page.control(`change-resolve-request-${first}`, 'resolvedAt')).toMatchObject({ value: '' });
    expect(page.control(`change-resolve-request-${first}`, 'independent').value).toBe('true');
    expect(page.invalid).toEqual([`change-resolve-request-${second}-resolvedAt`]);
  });

  it('a problem about no field of the form is listed above the form only', async () => {
    const before = await written();
    const refused = await request(jar, previewUrl(), {
      form: { csrf, kind: 'confirm-complaint', id: complaintId, extra: 'x' },
    });
    expect(refused.status).toBe(400);
    const page = parsed(await refused.text());
    expect(page.alerts).toHaveLength(1);
    expect(page.alerts[0]!.text).toContain('unknown field "extra"');
    expect(page.alerts[0]!.links).toEqual([]);
    expect(page.invalid).toEqual([]);
    expect(await written()).toEqual(before);
  });

  it('a refused form no longer on the page (its item gone) still has its problems shown, at the top', async () => {
    const refused = await request(jar, previewUrl(), {
      form: {
        csrf,
        kind: 'resolve-request',
        id: 'gone-request',
        resolvedAt: 'yesterday',
        independent: 'true',
      },
    });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    const page = parsed(body);
    expect(page.alerts).toHaveLength(1);
    expect(page.alerts[0]!.text).toContain('resolvedAt');
    expect(body.indexOf('role="alert"')).toBeLessThan(body.indexOf('id="summary-title"'));
    expect(page.invalid).toEqual([]);
  });

  it('in zh-CN: an override without a reason keeps the indicator and points, the problem beside the reason', async () => {
    const before = await written();
    const refused = await request(jar, previewUrl('zh-CN'), {
      form: { csrf, kind: 'override', indicator: 'learning', points: '7.5', reason: '' },
    });
    expect(refused.status).toBe(400);
    const page = parsed(await refused.text());
    expect(page.lang).toBe('zh-CN');
    expect(page.control('change-override', 'indicator').value).toBe('learning');
    expect(page.control('change-override', 'points').value).toBe('7.5');
    expect(page.control('change-override', 'reason')).toMatchObject({ invalid: 'true', label: '原因' });
    expect(page.alerts).toHaveLength(1);
    expect(page.alerts[0]!.text).toContain('请修改以下内容，尚未保存任何数据：');
    expect(page.alerts[0]!.text).toContain('原因');
    expect(page.alerts[0]!.links).toEqual(['#change-override-reason']);
    expect(await written()).toEqual(before);
  });
});

describe('a change refused in its save', () => {
  /** The preview's save form, as the browser would post it. */
  async function saveFormOf(fields: Record<string, string>, lang: Lang = 'en') {
    const preview = await request(jar, previewUrl(lang), { form: { csrf, ...fields } });
    expect(preview.status).toBe(200);
    const doc = parseDocument(await preview.text());
    const save = DomUtils.findOne(
      (e) => e.name === 'form' && e.attribs.action?.includes('/changes') === true,
      doc.children,
    )!;
    const sent: Record<string, string> = {};
    for (const input of DomUtils.findAll((e) => e.name === 'input', save.children)) {
      sent[input.attribs.name!] = input.attribs.value ?? '';
    }
    return sent;
  }

  it('a hidden score changed after a good preview: the page again with that score beside its problem', async () => {
    const before = await written();
    const form = await saveFormOf({ kind: 'exam-score', score: '90' });
    expect(form).toMatchObject({ kind: 'exam-score', score: '90' });
    const refused = await request(jar, saveUrl(), { form: { ...form, score: '150' } });
    expect(refused.status).toBe(400);
    const page = parsed(await refused.text());
    expect(page.control('change-exam-score', 'score')).toMatchObject({ value: '150', invalid: 'true' });
    expect(page.alerts[0]!.links).toEqual(['#change-exam-score-score']);
    expect(await written()).toEqual(before);
  });

  it('in zh-CN: a story whose date was moved out of the month keeps its title, the problem beside the date', async () => {
    const before = await written();
    const form = await saveFormOf({ kind: 'add-story', date: `${MONTH}-21`, title: '政务项目' }, 'zh-CN');
    const refused = await request(jar, saveUrl('zh-CN'), { form: { ...form, date: '2026-11-02' } });
    expect(refused.status).toBe(400);
    const page = parsed(await refused.text());
    expect(page.lang).toBe('zh-CN');
    expect(page.control('change-add-story', 'title').value).toBe('政务项目');
    expect(page.control('change-add-story', 'date')).toMatchObject({ value: '2026-11-02', invalid: 'true' });
    expect(page.text('change-add-story-date-problem')).toBe(`2026-11-02 is not in ${MONTH}`);
    expect(page.alerts[0]!.text).toContain('请修改以下内容');
    expect(await written()).toEqual(before);
  });
});

describe('other refusals stay the error page', () => {
  it('a change of a final month is refused (409) with the error page and its way back, not the form', async () => {
    await finalizeMonthRecord(
      stack.storage,
      FINAL_MONTH,
      { actor: 'hr@example.com', at: new Date('2026-09-05T02:00:00Z'), timezone: 'Asia/Shanghai' },
      undefined,
    );
    for (const url of [previewUrl('en', FINAL_MONTH), saveUrl('en', FINAL_MONTH)]) {
      const refused = await request(jar, url, { form: { csrf, kind: 'exam-score', score: '80' } });
      expect(refused.status).toBe(409);
      const body = await refused.text();
      expect(body).toContain(`${FINAL_MONTH} is final since 2026-09-05 10:00`);
      expect(body).toContain(`href="/console/engineers/${engineerId}/months/${FINAL_MONTH}?lang=en"`);
      expect(parsed(body).hasCard).toBe(false);
    }
  });

  it('a kind no form sends is the error page (400), with the way back to the page', async () => {
    const refused = await request(jar, previewUrl(), { form: { csrf, kind: 'raise-salary', score: '1' } });
    expect(refused.status).toBe(400);
    const body = await refused.text();
    expect(body).toContain('kind');
    expect(parsed(body).hasCard).toBe(false);
  });
});
