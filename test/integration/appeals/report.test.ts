// The provisional report carries the appeal link (read back from the SES stand-in), and the link opens the page
// of the revision that report showed; the revised report after an upheld appeal carries its own revision's link,
// and the old link shows both figures. Past the deadline, or for a month without a provisional record, a report
// carries no link.
import { beforeAll, describe, expect, it } from 'vitest';
import { resolveAppeal } from '../../../shared/admin/appeals.ts';
import { mailConfig } from '../../../shared/mail/config.ts';
import { pipelineContext } from '../../../shared/pipeline/context.ts';
import { scoreAndReport } from '../../../shared/pipeline/scoring.ts';
import { listAppealsOfEngineerMonth } from '../../../shared/storage/appeals.ts';
import { recordFirstRun } from '../../../shared/storage/months.ts';
import { emailsTo, useSesLocal } from '../../support/ses.ts';
import { useStack } from '../../support/stack.ts';

const ses = useSesLocal();
beforeAll(() => {
  process.env.SES_ENDPOINT = ses.ses.url;
});
const stack = useStack();
const DAY = 86_400_000;
let nextYear = 2070;

const context = () =>
  pipelineContext({
    storage: stack.storage,
    ses: ses.client,
    mail: mailConfig({ from: 'KPI <kpi@example.com>' }),
    publicBaseUrl: stack.url,
  });

async function provisional(deadlineFromNow: number) {
  const engineer = await stack.engineer({ language: 'en' });
  const month = `${nextYear++}-10`;
  await recordFirstRun(stack.storage, month, {
    at: new Date(Date.now() - DAY),
    appealDeadline: new Date(Date.now() + deadlineFromNow),
    timezone: 'Asia/Shanghai',
  });
  return { engineer, month };
}

const appealUrlIn = (text: string) => /Appeal: (http\S+\/a\/\S+)/.exec(text)?.[1];

describe('the appeal link in the report email', () => {
  it('opens the page of the revision the report showed; the revised report links its own revision', async () => {
    const { engineer, month } = await provisional(6 * DAY);
    const first = await scoreAndReport(context(), { month, engineerId: engineer.id, email: true });
    expect(first).toMatchObject({ revision: 1, emailed: true });
    const [report] = await emailsTo(ses.ses.url, engineer.email);
    const url = appealUrlIn(report!.text);
    expect(url).toBeDefined();
    expect(report!.html).toContain(`href="${url}"`);
    const page = await fetch(url!);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('In your report (revision 1)');
    expect(html).not.toContain('Latest (revision');

    // The engineer appeals; the manager upholds with a correction; the re-run sends the revised report.
    const form = new URLSearchParams({ indicators: 'learning', reason: 'exam recorded late' });
    await fetch(url!, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: form,
    });
    const [appeal] = await listAppealsOfEngineerMonth(stack.storage, engineer.id, month);
    expect(appeal).toMatchObject({ cardRevision: 1, status: 'open' });
    await resolveAppeal(
      { storage: stack.storage, now: () => new Date(), actor: 'wang.min' },
      { id: appeal!.id, upheld: true, reason: 'exam 91 recorded late', indicator: 'learning', points: 10 },
    );
    const second = await scoreAndReport(context(), { month, engineerId: engineer.id, email: true });
    expect(second).toMatchObject({ revision: 2, emailed: true });
    const reports = await emailsTo(ses.ses.url, engineer.email);
    const revised = reports.find((r) => r.subject.startsWith('[Revised]'))!;
    const revisedUrl = appealUrlIn(revised.text);
    expect(revisedUrl).toBeDefined();
    expect(revisedUrl).not.toBe(url);
    expect(await (await fetch(revisedUrl!)).text()).toContain('In your report (revision 2)');
    const old = await (await fetch(url!)).text();
    expect(old).toContain('In your report (revision 1)');
    expect(old).toContain('Latest (revision 2)');
    expect(old).toContain('Upheld');
  });

  it('is left out once the appeal deadline has passed, and for a month with no provisional record', async () => {
    const closed = await provisional(-1000);
    await scoreAndReport(context(), { month: closed.month, engineerId: closed.engineer.id, email: true });
    const [late] = await emailsTo(ses.ses.url, closed.engineer.email);
    expect(late!.text).not.toContain('/a/');
    expect(late!.html).not.toContain('data-appeal');

    const engineer = await stack.engineer({ language: 'zh-CN' });
    await scoreAndReport(context(), { month: `${nextYear++}-10`, engineerId: engineer.id, email: true });
    const [none] = await emailsTo(ses.ses.url, engineer.email);
    expect(none!.text).not.toContain('/a/');
  });
});
