// Shared by the pipeline tests: a small team seeded through the repositories (engineers in two languages, a
// region's sales manager, customer contacts, projects, facts), the pipeline context wired to this file's
// stand-in, and answering a survey over HTTP as a respondent's browser would.
import type { SESv2Client } from '@aws-sdk/client-sesv2';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import type { Engineer } from '../../../shared/domain/engineer.ts';
import type { Respondent } from '../../../shared/domain/respondent.ts';
import { monthOf } from '../../../shared/domain/values.ts';
import { mailConfig } from '../../../shared/mail/config.ts';
import { type PipelineContext, pipelineContext } from '../../../shared/pipeline/context.ts';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { scoreEngineerMonth } from '../../../shared/scoring/engine.ts';
import type { ScoreCard } from '../../../shared/scoring/scoreCard.ts';
import { assembleScoringInput } from '../../../shared/storage/assemble.ts';
import type { Storage } from '../../../shared/storage/client.ts';
import type { TestStack } from '../../support/stack.ts';
import { uniqueId } from '../../support/stack.ts';

/** The month the tests run: the current one in the organisation's zone, so its survey window is still open. */
export const testMonth = () => monthOf(new Date(), 'Asia/Shanghai');

/**
 * When the scoring job runs for `month` by default (the 3rd of the next month, 09:00 in Shanghai, the test
 * organisation's zone): the month's evidence has closed, so it can be run.
 */
export function scoringTime(month: string): Date {
  return DateTime.fromISO(`${month}-03T09:00:00`, { zone: 'Asia/Shanghai' }).plus({ months: 1 }).toJSDate();
}

/** The pipeline on the real clock: the HTTP stack's forms (survey links, their window) use it too. */
export function testContext(storage: Storage, ses: SESv2Client, publicBaseUrl: string): PipelineContext {
  return pipelineContext({
    storage,
    ses,
    mail: mailConfig({ from: 'KPI <kpi@example.com>' }),
    publicBaseUrl,
  });
}

/** The pipeline with its clock at `month`'s scoring time, to run the month once its evidence has closed. */
export function scoringContext(
  storage: Storage,
  ses: SESv2Client,
  publicBaseUrl: string,
  month: string,
): PipelineContext {
  return { ...testContext(storage, ses, publicBaseUrl), now: () => scoringTime(month) };
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

/** Calls the admin JSON API as a manager's script does (bearer token); throws on an error answer. */
export async function admin<T = Record<string, unknown>>(
  stack: TestStack,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path} answered ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Seeds the team of SeededTeam for `month` through the admin API, as a department manager would. */
export async function seedTeam(stack: TestStack, month: string): Promise<SeededTeam> {
  const region = uniqueId('region');
  const [customerA, customerB, customerC, customerOld] = ['a', 'b', 'c', 'old'].map(() => uniqueId('cust'));
  const engineer = (fields: Record<string, unknown>) =>
    admin<Engineer>(stack, 'POST', '/admin/engineers', { startDate: '2020-01-01', ...fields });
  const respondent = (fields: Record<string, unknown>) =>
    admin<Respondent>(stack, 'POST', '/admin/respondents', fields);
  const project = (engineerId: string, customer: string, start: string, end: string | null = null) => {
    const id = uniqueId('p');
    return admin(stack, 'POST', '/admin/projects', {
      id,
      name: `Project ${id}`,
      customer,
      engineerId,
      start,
      end,
    });
  };
  const zhang = await engineer({
    id: uniqueId('e'),
    name: '张三',
    email: `${uniqueId('zhang')}@example.com`,
    language: 'zh-CN',
    region,
    managerEmail: `${uniqueId('mgr')}@example.com`,
  });
  const alice = await engineer({
    id: uniqueId('e'),
    name: 'Alice Smith',
    email: `${uniqueId('alice')}@example.com`,
    language: 'en',
    region,
  });
  const wang = await engineer({
    id: uniqueId('e'),
    name: '王五',
    email: `${uniqueId('wang')}@example.com`,
    region: uniqueId('region'),
  });
  const salesManager = await respondent({
    id: uniqueId('r'),
    kind: 'regional-sales-manager',
    name: '李经理',
    email: `${uniqueId('rsm')}@example.com`,
    region,
  });
  const contact = (name: string, customer: string, language: string) =>
    respondent({
      id: uniqueId('r'),
      kind: 'customer-contact',
      name,
      email: `${uniqueId('c')}@example.com`,
      customer,
      language,
    });
  const contactA = await contact('Contact A', customerA!, 'en');
  const contactB = await contact('客户乙', customerB!, 'zh-CN');
  const contactOld = await contact('Old Contact', customerOld!, 'en');
  await project(zhang.id, customerA!, '2025-01-01');
  await project(alice.id, customerB!, '2025-01-01');
  await project(wang.id, customerC!, '2025-01-01');
  await project(wang.id, customerOld!, '2024-01-01', '2024-12-31');
  await admin(stack, 'PUT', '/admin/exam-scores', { engineerId: zhang.id, month, score: 93 });
  await admin(stack, 'POST', '/admin/success-stories', {
    engineerId: zhang.id,
    date: `${month}-01`,
    title: 'Migration done',
  });
  const complaint = await admin<{ id: string }>(stack, 'POST', '/admin/complaints', {
    engineerId: alice.id,
    date: `${month}-01`,
    text: 'Late reply',
  });
  await admin(stack, 'POST', `/admin/complaints/${complaint.id}/confirm`, {});
  return {
    month,
    region,
    zhang,
    alice,
    wang,
    salesManager,
    contactA,
    contactB,
    contactOld,
    complaintId: complaint.id,
  };
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
