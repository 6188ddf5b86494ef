// How fast the emails are made and sent: rendering an engineer's report (HTML, text, the .xlsx sheet), building
// its SendEmail request (simple content, the .xlsx attached), and the whole render + send into the SES v2
// stand-in against sending the same requests bare (SDK call only). `npm run bench:mail [-- --reports 300 --rounds 3 --concurrency 8]`
import { parseArgs } from 'node:util';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { type SesLocal, startSesLocal } from '#local/ses.ts';
import { mailConfig } from '#shared/mail/config.ts';
import { renderEngineerReport } from '#shared/mail/engineerReport.ts';
import { createSesClient, outgoingEmailSchema, sendEmail, sendEmailInput } from '#shared/mail/send.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { scoreEngineerMonth } from '#shared/scoring/engine.ts';
import { type ScoringInputJson, scoringInputSchema } from '#shared/scoring/input.ts';

const { values } = parseArgs({
  options: {
    reports: { type: 'string', default: '300' },
    rounds: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '8' },
  },
});
const REPORTS = Number(values.reports);
const ROUNDS = Number(values.rounds);
const CONCURRENCY = Number(values.concurrency);

// A realistic month: 22 reports (one late, one missing), 8 projects with weekly visits (one missed week),
// 20 requests (two customers failed), 6 survey responses, one confirmed complaint, an exam and a story.
function month(i: number): ScoringInputJson {
  const days = Array.from({ length: 31 }, (_, d) => `2026-10-${String(d + 1).padStart(2, '0')}`).filter(
    (d) => ![0, 6].includes(new Date(`${d}T00:00:00Z`).getUTCDay()),
  );
  const tuesdays = ['2026-09-29', '2026-10-06', '2026-10-13', '2026-10-20', '2026-10-27'];
  return {
    month: '2026-10',
    engineer: { id: `e-${i}` },
    supportRequests: Array.from({ length: 20 }, (_, r) => ({
      customer: `客户 ${r % 12}`,
      dueAt: `${days[r % days.length]}T18:00:00+08:00`,
      resolvedAt: `${days[r % days.length]}T${r < 2 ? '19' : '11'}:00:00+08:00`,
      independent: true,
    })),
    surveyResponses: [96, 92, 100, 88, 94, 90].map((score) => ({ score })),
    projects: Array.from({ length: 8 }, (_, p) => ({ id: `p-${p}`, name: `项目 ${p}`, start: '2026-01-01' })),
    followUps: Array.from({ length: 8 }, (_, p) =>
      tuesdays.filter((_, w) => !(p === 0 && w === 2)).map((date) => ({ projectId: `p-${p}`, date })),
    ).flat(),
    complaints: [{ date: '2026-10-09', status: 'confirmed' }],
    trainingScore: 91,
    successStories: [{ date: '2026-10-15' }],
    dailyReports: days
      .filter((d) => d !== '2026-10-14')
      .map((date) => ({ date, submittedAt: `${date}T${date === '2026-10-21' ? '23' : '19'}:00:00+08:00` })),
    dailyReportVerdict: 'standard',
  };
}

async function pool<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

let ses: SesLocal | undefined;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

interface Timing {
  /** Wall time of a round, median. */
  wallMs: number;
  /** CPU time of the process in that round (the in-process stand-in included), median: steadier on a busy box. */
  cpuMs: number;
}

async function timed(run: () => Promise<void>): Promise<Timing> {
  const walls: number[] = [];
  const cpus: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    // The stand-in keeps every email in memory; empty it so a round does not pay for the previous ones' heap.
    if (ses) await fetch(`${ses.url}/clear-store`, { method: 'POST' });
    const cpu = process.cpuUsage();
    const start = performance.now();
    await run();
    walls.push(performance.now() - start);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return { wallMs: median(walls), cpuMs: median(cpus) };
}

const config = mailConfig({ from: 'KPI 考核 <kpi@example.com>' });
const cards = Array.from({ length: REPORTS }, (_, i) =>
  scoreEngineerMonth(scoringInputSchema.parse(month(i)), defaultRubric),
);
const history = ['2026-05', '2026-06', '2026-07', '2026-08', '2026-09'].map((m, i) => ({
  month: m,
  total: 80 + i * 3,
}));
const report = (i: number) =>
  renderEngineerReport(
    {
      engineer: { name: `工程师 ${i}`, email: `e${i}@example.com`, managerEmail: 'manager@example.com' },
      scoreCard: cards[i]!,
      rubric: defaultRubric,
      history,
    },
    config,
  );
const indexes = Array.from({ length: REPORTS }, (_, i) => i);

// Warm-up: JIT and exceljs module state.
for (let i = 0; i < 30; i++) sendEmailInput(outgoingEmailSchema.parse(await report(i % REPORTS)), config);

ses = await startSesLocal({ port: 0 });
const client = createSesClient({ endpoint: ses.url });
try {
  await timed(() => pool(indexes, CONCURRENCY, (i) => report(i)));
  const render = await timed(() => pool(indexes, CONCURRENCY, (i) => report(i)));
  const mails = await Promise.all(indexes.map(report));
  const compose = await timed(() =>
    pool(indexes, CONCURRENCY, async (i) => {
      sendEmailInput(outgoingEmailSchema.parse(mails[i]), config);
    }),
  );
  const requests = mails.map((m) => sendEmailInput(outgoingEmailSchema.parse(m), config));
  const bare = await timed(() =>
    pool(indexes, CONCURRENCY, (i) => client.send(new SendEmailCommand(requests[i]!))),
  );
  const full = await timed(() =>
    pool(indexes, CONCURRENCY, async (i) => {
      await sendEmail(await report(i), config, { client });
    }),
  );
  const per = (t: Timing) =>
    `${(t.wallMs / REPORTS).toFixed(2)} ms each (${Math.round((REPORTS / t.wallMs) * 1000)}/s), CPU ${(t.cpuMs / REPORTS).toFixed(2)} ms each`;
  console.log(
    `engineer reports: ${REPORTS} per round, median of ${ROUNDS} rounds, concurrency ${CONCURRENCY}`,
  );
  const attached = requests[0]!.Content?.Simple?.Attachments?.[0]?.RawContent?.length ?? 0;
  console.log(`  attachment size          ${Math.round(attached / 1024)} KB (the .xlsx)`);
  console.log(`  render (HTML+text+.xlsx) ${per(render)}`);
  console.log(`  build request            ${per(compose)}`);
  console.log(`  bare SES sends           ${per(bare)}`);
  console.log(`  render + build + send    ${per(full)}`);
  console.log(
    `  ratio full / bare send   ${(full.wallMs / bare.wallMs).toFixed(2)} wall, ${(full.cpuMs / bare.cpuMs).toFixed(2)} CPU`,
  );
} finally {
  client.destroy();
  await ses.stop();
}
