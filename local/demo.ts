// The demo organisation `npm start` creates on a first run: a department manager, two regions with their
// regional sales managers, customer contacts, five engineers (zh-CN and en), their projects, ONE finished month
// of realistic history (the latest month whose evidence has closed at `now`: it can be run at once), and open
// survey invitations for the current month.
// Every id is fixed and every write is an upsert or guarded, so seeding twice leaves the same data.
import type { Engineer } from '../shared/domain/engineer.ts';
import { latestClosedMonth, surveyClosesAt } from '../shared/domain/monthTimeline.ts';
import type { OrganisationSettings } from '../shared/domain/organisation.ts';
import type { Project } from '../shared/domain/project.ts';
import type { Respondent } from '../shared/domain/respondent.ts';
import {
  addDays,
  DEFAULT_ZONE,
  instantOfLocalTime,
  localDateTime,
  monthOf,
  slotInstant,
  zoneOffsetMinutes,
} from '../shared/domain/values.ts';
import { ConflictError } from '../shared/errors.ts';
import { defaultRubric } from '../shared/rubric/default.ts';
import { engineerWorkdays, monthFrame, monthWorkdays } from '../shared/scoring/calendar.ts';
import type { Storage } from '../shared/storage/client.ts';
import { createFollowUpVisit, findDailyReport, submitDailyReport } from '../shared/storage/dailyReports.ts';
import { findEngineer, putEngineers } from '../shared/storage/engineers.ts';
import {
  createComplaint,
  createSuccessStory,
  createSupportRequest,
  decideComplaint,
  findComplaint,
  putExamScore,
  putOverride,
  putVerdict,
} from '../shared/storage/facts.ts';
import { findOrganisationSettings, putOrganisationSettings } from '../shared/storage/organisation.ts';
import { putProjects } from '../shared/storage/projects.ts';
import { putRespondents } from '../shared/storage/respondents.ts';
import {
  closeInvitation,
  createInvitation,
  findSurveyResponse,
  saveSurveyResponse,
} from '../shared/storage/survey.ts';

const ZONE = DEFAULT_ZONE;
const MANAGER = { name: '张敏', email: 'zhang.min@example.com' };

/**
 * Seeding again after an interrupted start writes what is missing: a record already stored is a conflict of its
 * create (or of a decision already made), which is what we wanted anyway.
 */
async function unlessStored(write: Promise<unknown>): Promise<void> {
  try {
    await write;
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
}

interface DemoInvitation {
  id: string;
  month: string;
  respondentId: string;
  respondentName: string;
  engineerId: string;
  engineerName: string;
  /** The respondent's language: the form opens in it. */
  language: 'zh-CN' | 'en';
}

interface DemoSummary {
  /** The finished month with history (YYYY-MM): the latest one whose evidence has closed at `now`. */
  month: string;
  /** The month running now; its survey invitations are open. */
  currentMonth: string;
  /** False when the organisation was already there (nothing new was created). */
  created: boolean;
  departmentManager: { name: string; email: string };
  engineers: Array<{
    id: string;
    name: string;
    email: string;
    language: 'zh-CN' | 'en';
    dailyReportLinkVersion: number;
  }>;
  /** Open invitations of the current month, one per respondent × engineer asked: the survey links to try. */
  surveyInvitations: DemoInvitation[];
}

/** The region of the console's demo viewer (a regional sales manager's): two demo engineers work there. */
export const DEMO_VIEWER_REGION = '华北';

const ENGINEERS: Array<
  Omit<Engineer, 'createdAt' | 'updatedAt' | 'dailyReportLinkVersion' | 'leave' | 'active'>
> = [
  {
    id: 'demo-e1',
    name: '李伟',
    email: 'li.wei@example.com',
    language: 'zh-CN',
    region: '华北',
    managerEmail: MANAGER.email,
    startDate: '2023-03-01',
    endDate: null,
  },
  {
    id: 'demo-e2',
    name: '陈杰',
    email: 'chen.jie@example.com',
    language: 'zh-CN',
    region: '华北',
    managerEmail: MANAGER.email,
    startDate: '2024-07-15',
    endDate: null,
  },
  {
    id: 'demo-e3',
    name: 'Sarah Lin',
    email: 'sarah.lin@example.com',
    language: 'en',
    region: '华东',
    managerEmail: MANAGER.email,
    startDate: '2022-11-01',
    endDate: null,
  },
  {
    id: 'demo-e4',
    name: '刘洋',
    email: 'liu.yang@example.com',
    language: 'zh-CN',
    region: '华东',
    managerEmail: MANAGER.email,
    startDate: '2025-02-10',
    endDate: null,
  },
  // Joins on the 10th of the demo month (set in seedDemo): fewer workdays, no survey yet.
  {
    id: 'demo-e5',
    name: 'Tom Becker',
    email: 'tom.becker@example.com',
    language: 'en',
    region: '华东',
    managerEmail: MANAGER.email,
    startDate: null,
    endDate: null,
  },
];

const RESPONDENTS: Array<Omit<Respondent, 'createdAt' | 'updatedAt'>> = [
  {
    id: 'demo-rsm-north',
    kind: 'regional-sales-manager',
    name: '王强',
    email: 'wang.qiang@example.com',
    language: 'zh-CN',
    region: '华北',
  },
  {
    id: 'demo-rsm-east',
    kind: 'regional-sales-manager',
    name: 'Emily Carter',
    email: 'emily.carter@example.com',
    language: 'en',
    region: '华东',
  },
  {
    id: 'demo-cc-huaxin',
    kind: 'customer-contact',
    name: '赵磊',
    email: 'zhao.lei@huaxin.example.com',
    language: 'zh-CN',
    customer: '华信通信',
  },
  {
    id: 'demo-cc-acme',
    kind: 'customer-contact',
    name: 'James Wright',
    email: 'j.wright@acme.example.com',
    language: 'en',
    customer: 'Acme Telecom',
  },
  {
    id: 'demo-cc-dongfang',
    kind: 'customer-contact',
    name: '孙丽',
    email: 'sun.li@dongfang.example.com',
    language: 'zh-CN',
    customer: '东方广电',
  },
  {
    id: 'demo-cc-bluesky',
    kind: 'customer-contact',
    name: 'Priya Nair',
    email: 'priya@bluesky.example.com',
    language: 'en',
    customer: 'Blue Sky Networks',
  },
];

const PROJECTS: Array<Pick<Project, 'id' | 'name' | 'customer' | 'engineerId'>> = [
  { id: 'demo-p1', name: '5G 核心网扩容', customer: '华信通信', engineerId: 'demo-e1' },
  { id: 'demo-p2', name: 'Metro edge rollout', customer: 'Acme Telecom', engineerId: 'demo-e1' },
  { id: 'demo-p3', name: '省干传输改造', customer: '华信通信', engineerId: 'demo-e2' },
  { id: 'demo-p4', name: 'IPTV 平台升级', customer: '东方广电', engineerId: 'demo-e2' },
  { id: 'demo-p5', name: 'Campus Wi-Fi 6', customer: 'Blue Sky Networks', engineerId: 'demo-e3' },
  { id: 'demo-p6', name: 'Core router refresh', customer: 'Acme Telecom', engineerId: 'demo-e3' },
  { id: 'demo-p7', name: '机房动环监控', customer: '东方广电', engineerId: 'demo-e4' },
  { id: 'demo-p8', name: 'SD-WAN pilot', customer: 'Blue Sky Networks', engineerId: 'demo-e5' },
];

/** How each engineer's month went: the variety a manager would see in a real team. */
interface MonthStory {
  /** Workday indexes (0-based within the engineer's workdays) with no report / a late report. */
  missing: number[];
  late: number[];
  /** Week indexes in which a project's follow-up was skipped. */
  skippedWeeks: Record<string, number[]>;
  /** Support requests: customer, due workday index, outcome. */
  requests: Array<{ customer: string; day: number; outcome: 'on-time' | 'late' | 'helped' | 'open' }>;
  complaints: Array<{ day: number; text: string; status: 'pending' | 'confirmed' | 'dismissed' }>;
  exam: number | null;
  stories: Array<{ day: number; title: string }>;
  verdict: 'insightful' | 'standard' | 'perfunctory';
  /** Ratings 1–5 per answer; none = no responses this month. */
  survey: number[][];
}

const STORIES: Record<string, MonthStory> = {
  'demo-e1': {
    missing: [],
    late: [],
    skippedWeeks: {},
    requests: [
      { customer: '华信通信', day: 2, outcome: 'on-time' },
      { customer: 'Acme Telecom', day: 9, outcome: 'on-time' },
      { customer: '华信通信', day: 15, outcome: 'on-time' },
    ],
    complaints: [],
    exam: 97,
    stories: [
      { day: 6, title: '核心网扩容割接零中断经验' },
      { day: 14, title: 'Edge site zero-touch provisioning' },
    ],
    verdict: 'insightful',
    survey: [
      [5, 5, 5, 5, 5],
      [5, 5, 4, 5, 5],
    ],
  },
  'demo-e2': {
    missing: [11],
    late: [4, 16],
    skippedWeeks: { 'demo-p4': [2] },
    requests: [
      { customer: '华信通信', day: 3, outcome: 'on-time' },
      { customer: '东方广电', day: 8, outcome: 'late' },
      { customer: '东方广电', day: 12, outcome: 'on-time' },
    ],
    complaints: [{ day: 8, text: '升级窗口内响应不及时，客户等待两小时', status: 'confirmed' }],
    exam: 88,
    stories: [],
    verdict: 'standard',
    survey: [
      [4, 4, 4, 5, 4],
      [3, 4, 4, 4, 4],
    ],
  },
  'demo-e3': {
    missing: [1, 2, 7, 8, 12, 13, 18],
    late: [5],
    skippedWeeks: { 'demo-p6': [1, 3] },
    requests: [
      { customer: 'Blue Sky Networks', day: 4, outcome: 'helped' },
      { customer: 'Acme Telecom', day: 10, outcome: 'on-time' },
    ],
    complaints: [{ day: 9, text: 'Customer says the engineer was curt on the phone', status: 'pending' }],
    exam: null,
    stories: [{ day: 11, title: 'Wi-Fi 6 roaming tuning checklist' }],
    verdict: 'perfunctory',
    survey: [[4, 5, 4, 4, 3]],
  },
  'demo-e4': {
    missing: [6],
    late: [],
    skippedWeeks: {},
    requests: [
      { customer: '东方广电', day: 1, outcome: 'helped' },
      { customer: '华信通信', day: 13, outcome: 'open' },
      { customer: '东方广电', day: 17, outcome: 'on-time' },
    ],
    complaints: [{ day: 5, text: '客户反映报价沟通不清（经核实为销售环节问题）', status: 'dismissed' }],
    exam: 92,
    stories: [{ day: 3, title: '动环监控告警收敛方案' }],
    verdict: 'standard',
    survey: [[5, 4, 5, 5, 4]],
  },
  'demo-e5': {
    missing: [],
    late: [3],
    skippedWeeks: {},
    requests: [{ customer: 'Blue Sky Networks', day: 5, outcome: 'on-time' }],
    complaints: [],
    exam: 81,
    stories: [],
    verdict: 'standard',
    survey: [],
  },
};

function localTime(date: string, time: string): Date {
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  return new Date(instantOfLocalTime(date, hour, minute, ZONE));
}

/** A whole-minute instant as the organisation writes it: `2026-10-05T18:00:00.000+08:00`. */
function localIso(instant: Date): string {
  const offset = zoneOffsetMinutes(instant.getTime(), ZONE);
  const hhmm = `${String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0')}:${String(Math.abs(offset) % 60).padStart(2, '0')}`;
  return `${localDateTime(instant, ZONE).replace(' ', 'T')}:00.000${offset < 0 ? '-' : '+'}${hhmm}`;
}

/**
 * Creates (or completes) the demo organisation and returns what the local runner prints.
 * 1. Settings, respondents, engineers (existing ones are left as they are), projects.
 * 2. The finished month's history, engineer by engineer: daily reports (with follow-up visits), direct visits for
 *    days before the month, support requests, complaints and decisions, exam, stories, verdict, survey answers.
 * 3. Open survey invitations for the current month.
 */
export async function seedDemo(storage: Storage, options: { now: Date }): Promise<DemoSummary> {
  const currentMonth = monthOf(options.now, ZONE);
  const at = options.now.toISOString();
  // The demo's history is the manager's, in the record of changes too.
  const seeded = { actor: MANAGER.name, at };

  // 1. Organisation and roster.
  const existingSettings = await findOrganisationSettings(storage);
  const settings: OrganisationSettings = existingSettings ?? {
    timezone: ZONE,
    holidays: [
      '2026-01-01',
      '2026-10-01',
      '2026-10-02',
      '2026-10-03',
      '2026-10-04',
      '2026-10-05',
      '2026-10-06',
      '2026-10-07',
    ],
    makeUpWorkdays: ['2026-10-10'],
    schedule: {
      invitations: { day: 25, time: '09:00' },
      reminder: { day: 28, time: '09:00' },
      scoring: { day: 3, time: '09:00' },
      finalize: { day: 10, time: '09:00' },
    },
    surveyWindow: { closes: { day: 2, time: '23:59' } },
    appealDays: 7,
    departmentManager: MANAGER,
    defaultLanguage: 'zh-CN',
  };
  if (!existingSettings) await putOrganisationSettings(storage, settings);
  // The finished month is one that can be run now: on the first days of a month the previous one is still
  // collecting evidence, so the history goes into the month before it.
  const month = latestClosedMonth(options.now, settings, defaultRubric.dailyReportDeadline);
  const monthStart = `${month}-01`;
  await putRespondents(
    storage,
    RESPONDENTS.map((r) => ({ ...r, createdAt: at, updatedAt: at })),
  );
  const engineers: Engineer[] = [];
  const newEngineers: Engineer[] = [];
  for (const e of ENGINEERS) {
    const existing = await findEngineer(storage, e.id);
    if (existing) {
      engineers.push(existing);
      continue;
    }
    newEngineers.push({
      ...e,
      startDate: e.startDate ?? `${month}-10`,
      leave: e.id === 'demo-e4' ? [addDays(monthStart, 20)] : [],
      active: true,
      dailyReportLinkVersion: 1,
      createdAt: at,
      updatedAt: at,
    });
    engineers.push(newEngineers.at(-1)!);
  }
  // Engineers already there keep their state (a rotated link stays rotated).
  await putEngineers(storage, newEngineers);
  const created = newEngineers.length > 0;
  const projectStart = (engineer: Engineer) =>
    engineer.startDate && engineer.startDate > '2026-01-01' ? engineer.startDate : '2026-01-01';
  const byId = new Map(engineers.map((e) => [e.id, e]));
  await putProjects(
    storage,
    PROJECTS.map((p) => ({
      ...p,
      start: projectStart(byId.get(p.engineerId)!),
      end: null,
      createdAt: at,
      updatedAt: at,
    })),
  );

  // 2. The finished month.
  const frame = monthFrame(
    month,
    settings.timezone,
    { holidays: settings.holidays, workdays: settings.makeUpWorkdays },
    defaultRubric.dailyReportDeadline,
  );
  // Engineers are independent: seed their months side by side.
  await Promise.all(
    engineers.map(async (engineer) => {
      const story = STORIES[engineer.id]!;
      const workdays = monthWorkdays(frame, engineerWorkdays(frame, engineer));
      const projects = PROJECTS.filter((p) => p.engineerId === engineer.id);
      // Follow-ups on the first workday of each week of the month (which may lie in the previous month).
      const visitDays = new Map<string, string[]>();
      frame.weeks.forEach((week, w) => {
        const first = frame.dates
          .slice(week.firstDay, week.firstDay + 7)
          .find((d, i) => frame.orgWorkday[week.firstDay + i] && d >= (engineer.startDate ?? ''));
        if (!first) return;
        for (const p of projects) {
          if (story.skippedWeeks[p.id]?.includes(w)) continue;
          visitDays.set(first, [...(visitDays.get(first) ?? []), p.id]);
        }
      });
      for (const [date, projectIds] of visitDays) {
        if (date >= monthStart && workdays.includes(date) && !story.missing.includes(workdays.indexOf(date)))
          continue;
        // A visit not carried by a report of the month: the manager logged it directly.
        for (const projectId of projectIds) {
          await unlessStored(
            createFollowUpVisit(
              storage,
              {
                id: `demo-v-${engineer.id}-${projectId}-${date}`,
                engineerId: engineer.id,
                projectId,
                date,
                note: 'on-site visit',
                createdAt: at,
              },
              seeded,
            ),
          );
        }
      }
      for (const [i, date] of workdays.entries()) {
        if (story.missing.includes(i)) continue;
        if (await findDailyReport(storage, engineer.id, date)) continue;
        const late = story.late.includes(i);
        const zh = engineer.language === 'zh-CN';
        await submitDailyReport(storage, {
          engineerId: engineer.id,
          timezone: settings.timezone,
          employment: engineer,
          now: late ? localTime(addDays(date, 1), '15:20') : localTime(date, '18:30'),
          input: {
            date,
            workDone: zh
              ? `现场支持与方案评审（第 ${i + 1} 个工作日）`
              : `On-site support and design review (workday ${i + 1})`,
            problems:
              i % 4 === 1
                ? zh
                  ? '客户测试环境不稳定，等待厂商补丁'
                  : 'Customer test bed unstable; waiting for a vendor patch'
                : '',
            plan: zh ? '跟进遗留问题，准备下周演示' : 'Follow up open items; prepare next week’s demo',
            followUps: (visitDays.get(date) ?? []).map((projectId) => ({
              projectId,
              note: zh ? '例行回访，客户反馈良好' : 'Weekly check-in; customer satisfied',
            })),
          },
        });
      }
      for (const [i, r] of story.requests.entries()) {
        const dueDate = workdays[Math.min(r.day, workdays.length - 1)]!;
        const dueAt = localTime(dueDate, '18:00');
        const resolvedAt =
          r.outcome === 'open'
            ? null
            : r.outcome === 'late'
              ? localTime(addDays(dueDate, 1), '11:00')
              : localTime(dueDate, '15:00');
        await unlessStored(
          createSupportRequest(
            storage,
            {
              id: `demo-req-${engineer.id}-${month}-${i}`,
              engineerId: engineer.id,
              customer: r.customer,
              summary: r.outcome === 'helped' ? 'Escalated to R&D for a fix' : 'Configuration issue',
              dueAt: localIso(dueAt),
              resolvedAt: resolvedAt ? localIso(resolvedAt) : null,
              independent: r.outcome !== 'helped',
              createdAt: at,
              updatedAt: at,
            },
            settings.timezone,
            seeded,
          ),
        );
      }
      for (const [i, c] of story.complaints.entries()) {
        const id = `demo-c-${engineer.id}-${month}-${i}`;
        const complaint = {
          id,
          engineerId: engineer.id,
          date: workdays[Math.min(c.day, workdays.length - 1)]!,
          text: c.text,
          status: 'pending' as const,
          createdAt: at,
        };
        if (!(await findComplaint(storage, id))) await createComplaint(storage, complaint, seeded);
        if (c.status !== 'pending')
          await unlessStored(
            decideComplaint(storage, complaint, { status: c.status, by: MANAGER.name, at }, seeded),
          );
      }
      if (story.exam !== null) {
        await putExamScore(
          storage,
          {
            engineerId: engineer.id,
            month,
            score: story.exam,
            by: MANAGER.name,
            at,
          },
          seeded,
        );
      }
      for (const [i, s] of story.stories.entries()) {
        await unlessStored(
          createSuccessStory(
            storage,
            {
              id: `demo-s-${engineer.id}-${month}-${i}`,
              engineerId: engineer.id,
              date: workdays[Math.min(s.day, workdays.length - 1)]!,
              title: s.title,
              createdAt: at,
            },
            seeded,
          ),
        );
      }
      await putVerdict(
        storage,
        {
          engineerId: engineer.id,
          month,
          verdict: story.verdict,
          by: MANAGER.name,
          at,
        },
        seeded,
      );
      if (engineer.id === 'demo-e4') {
        await putOverride(
          storage,
          {
            engineerId: engineer.id,
            month,
            indicator: 'resolution',
            points: 30,
            reason: '华信通信的问题为厂商缺陷，已升级研发处理',
            by: MANAGER.name,
            at,
          },
          seeded,
        );
      }
      // The month's survey: the region's sales manager, then the contacts of the engineer's customers.
      const askers = surveyRespondents(engineer, projects);
      const window = surveyWindow(month, settings);
      for (const [i, ratings] of story.survey.entries()) {
        const respondent = askers[i % askers.length]!;
        const { invitation } = await createInvitation(storage, {
          month,
          respondentId: respondent.id,
          engineerId: engineer.id,
          expiresAt: window.closes.toISOString(),
          now: window.opens,
        });
        if (!(await findSurveyResponse(storage, invitation))) {
          const keys = defaultRubric.survey.questions.map((q) => q.key);
          await saveSurveyResponse(storage, {
            invitation,
            answer: {
              ratings: Object.fromEntries(keys.map((k, q) => [k, ratings[q] ?? 5])),
              comment:
                i === 0
                  ? respondent.language === 'zh-CN'
                    ? '响应很快，方案专业。'
                    : 'Quick and thorough.'
                  : '',
            },
            // A day and three hours after the invitation.
            now: new Date(window.opens.getTime() + 27 * 3_600_000),
          });
        }
        if (options.now.getTime() > window.closes.getTime()) await closeInvitation(storage, invitation.id);
      }
    }),
  );

  // 3. The current month's survey invitations, open until the window closes.
  const window = surveyWindow(currentMonth, settings);
  const surveyInvitations: DemoInvitation[] = [];
  for (const engineer of engineers) {
    const projects = PROJECTS.filter((p) => p.engineerId === engineer.id);
    for (const respondent of surveyRespondents(engineer, projects).slice(0, 2)) {
      const { invitation } = await createInvitation(storage, {
        month: currentMonth,
        respondentId: respondent.id,
        engineerId: engineer.id,
        expiresAt: window.closes.toISOString(),
        now: options.now,
      });
      surveyInvitations.push({
        id: invitation.id,
        month: currentMonth,
        respondentId: respondent.id,
        respondentName: respondent.name,
        engineerId: engineer.id,
        engineerName: engineer.name,
        language: respondent.language,
      });
    }
  }

  return {
    month,
    currentMonth,
    created,
    departmentManager: settings.departmentManager,
    engineers: engineers.map((e) => ({
      id: e.id,
      name: e.name,
      email: e.email,
      language: e.language,
      dailyReportLinkVersion: e.dailyReportLinkVersion,
    })),
    surveyInvitations,
  };
}

/** Who is asked about an engineer: the region's sales manager, then the contacts of the engineer's customers. */
function surveyRespondents(engineer: Engineer, projects: ReadonlyArray<{ customer: string }>) {
  const customers = new Set(projects.map((p) => p.customer));
  return [
    ...RESPONDENTS.filter((r) => r.kind === 'regional-sales-manager' && r.region === engineer.region),
    ...RESPONDENTS.filter((r) => r.kind === 'customer-contact' && r.customer && customers.has(r.customer)),
  ];
}

/** When the survey of `month` opens (invitation day) and closes (in the following month). */
function surveyWindow(month: string, settings: OrganisationSettings): { opens: Date; closes: Date } {
  return {
    opens: slotInstant(month, settings.schedule.invitations, settings.timezone),
    closes: surveyClosesAt(month, settings),
  };
}
