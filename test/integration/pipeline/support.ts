// Shared by the pipeline tests: a small team seeded through the repositories (engineers in two languages, a
// region's sales manager, customer contacts, projects, facts), the pipeline context wired to this file's
// stand-in, and answering a survey over HTTP as a respondent's browser would.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import ExcelJS from 'exceljs';
import type { Engineer } from '../../../shared/domain/engineer.ts';
import type { Respondent } from '../../../shared/domain/respondent.ts';
import { mailConfig } from '../../../shared/mail/config.ts';
import { type PipelineContext, pipelineContext } from '../../../shared/pipeline/context.ts';
import { monthOf } from '../../../shared/pipeline/months.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { scoreEngineerMonth } from '../../../shared/scoring/engine.ts';
import type { ScoreCard } from '../../../shared/scoring/scoreCard.ts';
import { assembleScoringInput } from '../../../shared/storage/assemble.ts';
import type { Storage } from '../../../shared/storage/client.ts';
import { createComplaint, putExamScore, putSuccessStory } from '../../../shared/storage/facts.ts';
import type { TestStack } from '../../support/stack.ts';
import { uniqueId } from '../../support/stack.ts';

/** The month the tests run: the current one in the organisation's zone, so its survey window is still open. */
export const testMonth = () => monthOf(new Date(), 'Asia/Shanghai');

export function testContext(storage: Storage, ses: SESv2Client, publicBaseUrl: string): PipelineContext {
  return pipelineContext({
    storage,
    ses,
    mail: mailConfig({ from: 'KPI <kpi@example.com>' }),
    publicBaseUrl,
  });
}

export interface SeededTeam {
  month: string;
  region: string;
  /** zh-CN, has a manager (cc), a project of customer A with a contact, an exam score and a story. */
  zhang: Engineer;
  /** en, same region, a project of customer B with a contact, a confirmed complaint. */
  alice: Engineer;
  /** Another region with no sales manager; its project's customer has no contact; an ended project's has. */
  wang: Engineer;
  salesManager: Respondent;
  contactA: Respondent;
  contactB: Respondent;
  /** Contact of a customer whose only project ended before the month: never invited. */
  contactOld: Respondent;
  complaintId: string;
}

/** Seeds the team of SeededTeam for `month`. */
export async function seedTeam(stack: TestStack, month: string): Promise<SeededTeam> {
  const region = uniqueId('region');
  const customerA = uniqueId('cust');
  const customerB = uniqueId('cust');
  const customerC = uniqueId('cust');
  const customerOld = uniqueId('cust');
  const zhang = await stack.engineer({
    name: '张三',
    language: 'zh-CN',
    region,
    managerEmail: `${uniqueId('mgr')}@example.com`,
  });
  const alice = await stack.engineer({ name: 'Alice Smith', language: 'en', region });
  const wang = await stack.engineer({ name: '王五', language: 'zh-CN', region: uniqueId('region') });
  const salesManager = await stack.respondent({
    kind: 'regional-sales-manager',
    name: '李经理',
    region,
    customer: undefined,
    language: 'zh-CN',
  });
  const contactA = await stack.respondent({ name: 'Contact A', customer: customerA, language: 'en' });
  const contactB = await stack.respondent({ name: '客户乙', customer: customerB, language: 'zh-CN' });
  const contactOld = await stack.respondent({ name: 'Old Contact', customer: customerOld, language: 'en' });
  const monthStart = `${month}-01`;
  await stack.project(zhang.id, { customer: customerA, start: '2025-01-01' });
  await stack.project(alice.id, { customer: customerB, start: '2025-01-01' });
  await stack.project(wang.id, { customer: customerC, start: '2025-01-01' });
  await stack.project(wang.id, { customer: customerOld, start: '2024-01-01', end: '2024-12-31' });
  const now = new Date().toISOString();
  await putExamScore(stack.storage, { engineerId: zhang.id, month, score: 93, by: 'HR', at: now });
  await putSuccessStory(stack.storage, {
    id: uniqueId('story'),
    engineerId: zhang.id,
    date: monthStart,
    title: 'Migration done',
    createdAt: now,
  });
  const complaintId = uniqueId('c');
  await createComplaint(stack.storage, {
    id: complaintId,
    engineerId: alice.id,
    date: monthStart,
    text: 'Late reply',
    status: 'confirmed',
    createdAt: now,
  });
  return { month, region, zhang, alice, wang, salesManager, contactA, contactB, contactOld, complaintId };
}

/** The engine's card for an engineer-month, computed here from the table, independently of the pipeline. */
export async function expectedCard(storage: Storage, engineerId: string, month: string): Promise<ScoreCard> {
  return scoreEngineerMonth(await assembleScoringInput(storage, engineerId, month), defaultRubric);
}

/** The survey link in an invitation or reminder email's text part. */
export function surveyLinkIn(text: string): string {
  const match = /(https?:\/\/\S+\/s\/[\w.-]+)/.exec(text);
  if (!match) throw new Error('no survey link in the email');
  return match[1]!;
}

/** Answers the survey behind `url` as the HTML form posts it; returns the HTTP status. */
export async function answerSurvey(url: string, ratings: number[], comment = ''): Promise<number> {
  const form = new URLSearchParams();
  defaultRubric.survey.questions.forEach((q, i) => {
    form.set(`ratings.${q.key}`, String(ratings[i]));
  });
  form.set('comment', comment);
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
  });
  await res.arrayBuffer();
  return res.status;
}

/** A workbook from an attachment's bytes. */
export async function openXlsx(content: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(content as unknown as ArrayBuffer);
  return workbook;
}

/** A cell's number, whether stored as a value or a formula's result. */
export function numberIn(value: ExcelJS.CellValue): number {
  if (typeof value === 'number') return value;
  if (value && typeof value === 'object' && 'result' in value) return Number(value.result);
  return Number(value);
}
