// The emails as really sent: through the SES v2 API into the stand-in, then read back from its store —
// addresses, subject, both parts, attachments that open; and a stand-in that goes away and comes back.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { startSesLocal } from '#local/ses.ts';
import { hasLowRating } from '#shared/domain/survey.ts';
import { RetryableError } from '#shared/errors.ts';
import { renderEngineerReport } from '#shared/mail/engineerReport.ts';
import { renderLowScoreAlert } from '#shared/mail/lowScoreAlert.ts';
import { createSesClient, sendEmail } from '#shared/mail/send.ts';
import { sendSimpleEmail, sesTookNothing } from '#shared/mail/ses.ts';
import { KPI_SHEET_LAYOUT } from '#shared/mail/sheets.ts';
import { renderSurveyInvitation } from '#shared/mail/surveyInvitation.ts';
import { renderTeamSummary } from '#shared/mail/teamSummary.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { emailsTo, useSesLocal } from '../../support/ses.ts';
import {
  busyMonth,
  byAttr,
  config,
  exampleCard,
  numberIn,
  parseHtml,
  readWorkbook,
  score,
  textOf,
} from '../../unit/mail/fixtures.ts';

const stack = useSesLocal();
const unique = () => Math.random().toString(36).slice(2, 10);

describe('sending through the SES v2 stand-in', () => {
  it('delivers the engineer report to the engineer, the manager in copy, with both parts and a sheet that opens', async () => {
    const id = unique();
    const engineer = { name: '张三', email: `eng-${id}@example.com`, managerEmail: `mgr-${id}@example.com` };
    const card = score(busyMonth({ exam: 92 }));
    const mail = await renderEngineerReport({ engineer, scoreCard: card, rubric: defaultRubric }, config);
    const { messageId } = await sendEmail(mail, config, { client: stack.client });

    const [sent, ...more] = await emailsTo(stack.ses.url, engineer.email);
    expect(more).toHaveLength(0);
    expect(sent!.messageId).toBe(messageId);
    expect(sent!.from).toBe('kpi@example.com');
    expect(sent!.to).toEqual([engineer.email]);
    expect(sent!.cc).toEqual([engineer.managerEmail]);
    expect(sent!.subject).toBe(`2026年10月 绩效考核结果：${card.total} / 107 分`);
    // Both parts, as the reader's client gets them.
    const doc = parseHtml(sent!.html);
    expect(textOf(byAttr(doc, 'data-total'))).toBe(String(card.total));
    for (const r of card.indicators) expect(textOf(byAttr(doc, 'data-points', r.key))).toBe(String(r.points));
    expect(sent!.text).toContain(`总分：${card.total} / 107`);
    // The attachment survived MIME and opens.
    expect(sent!.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['KPI-2026-10-张三.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
    ]);
    const sheet = (await readWorkbook(sent!.attachments[0]!.content)).worksheets[0]!;
    card.indicators.forEach((r, i) => {
      expect(
        sheet.getRow(KPI_SHEET_LAYOUT.firstIndicatorRow + i).getCell(KPI_SHEET_LAYOUT.pointsColumn).value,
      ).toBe(r.points);
    });
    expect(
      numberIn(sheet.getRow(KPI_SHEET_LAYOUT.firstIndicatorRow + 6).getCell(KPI_SHEET_LAYOUT.pointsColumn)),
    ).toBe(card.total);
  });

  it('delivers the team summary with the .xlsx and the .csv', async () => {
    const manager = `dept-${unique()}@example.com`;
    const engineers = [
      { id: 'e-1', name: 'Bob', scoreCard: exampleCard('P') },
      { id: 'e-2', name: '李四', scoreCard: exampleCard('F') },
    ];
    const mail = await renderTeamSummary(
      { month: '2026-10', recipient: { email: manager, language: 'en' }, rubric: defaultRubric, engineers },
      config,
    );
    await sendEmail(mail, config, { client: stack.client });
    const [sent] = await emailsTo(stack.ses.url, manager);
    expect(sent!.subject).toBe('Team KPI summary for October 2026');
    expect(sent!.text).toContain('1. Bob — Total 106');
    expect(sent!.attachments.map((a) => a.filename)).toEqual([
      'KPI-team-2026-10.xlsx',
      'KPI-team-2026-10.csv',
    ]);
    const table = (await readWorkbook(sent!.attachments[0]!.content)).getWorksheet('Team summary')!;
    expect(table.getRow(3).getCell(2).value).toBe('Bob');
    expect(table.getRow(4).getCell(2).value).toBe('李四');
    const records: string[][] = parse(sent!.attachments[1]!.content, { bom: true });
    expect(records.slice(1).map((r) => [r[2], r[9]])).toEqual([
      ['Bob', '106'],
      ['李四', String(exampleCard('F').total)],
    ]);
  });

  it('delivers the invitation, and the alert only for a response with a low rating', async () => {
    const respondent = `resp-${unique()}@example.com`;
    const manager = `dept-${unique()}@example.com`;
    await sendEmail(
      renderSurveyInvitation(
        {
          respondent: { name: 'Carol', email: respondent, language: 'en' },
          engineer: { name: '张三' },
          month: '2026-10',
          link: 'https://kpi.example.com/s/token-1',
          deadline: '2026-11-02T15:59:00Z',
          timeZone: 'Asia/Shanghai',
          rubric: defaultRubric,
        },
        config,
      ),
      config,
      { client: stack.client },
    );
    const alertInput = {
      recipient: { email: manager },
      month: '2026-10',
      engineer: { name: '张三' },
      respondent: { name: 'Carol' },
      ratings: { responsiveness: 1, communication: 4 },
      comment: 'Too slow',
      submittedAt: '2026-10-28T01:00:00Z',
      timeZone: 'Asia/Shanghai',
      rubric: defaultRubric,
    };
    // What the survey form does with an answer (shared/forms/lowScoreAlert.ts): alert only on a low rating.
    const alertIfLow = async (input: typeof alertInput, sender: typeof config) => {
      if (!hasLowRating(input.ratings, input.rubric.survey.lowRatingAtMost)) return { sent: false };
      await sendSimpleEmail(renderLowScoreAlert(input, sender), sender, { client: stack.client });
      return { sent: true };
    };
    const sent = await alertIfLow(alertInput, { ...config, configurationSetName: 'kpi-events' });
    expect(sent.sent).toBe(true);
    // A response without a 1 or 2 raises nothing.
    const calm = await alertIfLow(
      { ...alertInput, ratings: { responsiveness: 3, communication: 5 } },
      config,
    );
    expect(calm).toEqual({ sent: false });
    const [invitation] = await emailsTo(stack.ses.url, respondent);
    expect(invitation!.subject).toBe('How was the support from 张三 in October 2026?');
    expect(invitation!.text).toContain('https://kpi.example.com/s/token-1');
    expect(byAttr(parseHtml(invitation!.html), 'data-survey-link')[0]!.attribs.href).toBe(
      'https://kpi.example.com/s/token-1',
    );
    const alerts = await emailsTo(stack.ses.url, manager);
    expect(alerts).toHaveLength(1);
    const [alert] = alerts;
    expect(alert!.subject).toBe('低分提醒：Carol 对 张三 的评价');
    expect(alert!.text).toContain('Too slow');
  });

  it('reads a simple message (no attachments) back like a raw one: sender, both lists, subject and both parts', async () => {
    const to = `simple-${unique()}@example.com`;
    const cc = `simple-cc-${unique()}@example.com`;
    const { messageId } = await sendEmail(
      { to: [to], cc: [cc], subject: '提醒：张三', html: '<p>你好 <b>Carol</b></p>', text: '你好 Carol' },
      { from: 'KPI 考核 <kpi@example.com>' },
      { client: stack.client },
    );
    const [sent, ...more] = await emailsTo(stack.ses.url, to);
    expect(more).toHaveLength(0);
    expect(sent).toEqual({
      messageId,
      from: 'kpi@example.com',
      to: [to],
      cc: [cc],
      subject: '提醒：张三',
      html: '<p>你好 <b>Carol</b></p>',
      text: '你好 Carol',
      attachments: [],
    });
  });

  it('reports a stand-in that is down as retryable, and delivers once it is back', async () => {
    const ses = await startSesLocal({ port: 0 });
    const client = createSesClient({ endpoint: ses.url });
    const to = `down-${unique()}@example.com`;
    const email = { to: [to], subject: 'Once', html: '<p>Once</p>', text: 'Once' };
    try {
      await ses.stop();
      const error = await sendEmail(email, config, { client }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RetryableError);

      const back = await startSesLocal({ port: ses.port });
      try {
        await sendEmail(email, config, { client });
        expect(await emailsTo(back.url, to)).toHaveLength(1);
      } finally {
        await back.stop();
      }
    } finally {
      client.destroy();
    }
  });

  it('makes one request when the answer is lost (SES may have taken the email): no blind retry', async () => {
    // An endpoint that reads the whole request, then breaks the connection instead of answering.
    let requests = 0;
    const server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        requests++;
        res.socket?.destroy();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = createSesClient({
      endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    });
    try {
      const email = { to: ['lost@example.com'], subject: 'Once', html: '<p>Once</p>', text: 'Once' };
      const error = await sendEmail(email, config, { client }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(requests).toBe(1);
      // The outbox reads this failure as "SES may have it": in doubt, not given back for a resend.
      expect(sesTookNothing(error)).toBe(false);
    } finally {
      client.destroy();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('refuses to start a second stand-in on a port in use, saying so', async () => {
    await expect(startSesLocal({ port: stack.ses.port })).rejects.toThrow(/already in use/);
  });
});
