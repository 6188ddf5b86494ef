// The default rubric: the company's KPI sheet for pre-sales technical support engineers, encoded as
// ../shared/spec/kpi-sheet.md reads it ("How this product reads the sheet"). Every scoring number lives here.
import { defaultDailyReportDeadline, defaultSurvey } from './defaultParts.ts';
import { loadRubric, type Rubric, type RubricJson } from './schema.ts';

export const defaultRubricJson = {
  id: 'presales-kpi-sheet',
  version: '2026.1',
  name: {
    'zh-CN': '售前技术支持工程师绩效考核指标',
    en: 'KPI sheet: pre-sales technical support engineer',
  },
  survey: defaultSurvey,
  dailyReportDeadline: defaultDailyReportDeadline,
  verdictPoints: { insightful: 2, standard: 0, perfunctory: -1 },
  indicators: [
    {
      key: 'resolution',
      weight: 35,
      name: { 'zh-CN': '项目技术解决率', en: 'Technical resolution' },
      purpose: {
        'zh-CN': '在客户要求的时间内独立解决客户在使用产品中遇到的问题',
        en: "Resolve customers' problems with the product independently, within the time the customer required",
      },
      rule: {
        'zh-CN': '按未在规定时间内独立解决的客户数计：全部解决35分；≤3个30分；≤5个25分；≤10个20分；>10个10分',
        en: 'By customers not resolved independently in time: all resolved → 35; ≤3 → 30; ≤5 → 25; ≤10 → 20; >10 → 10',
      },
      dataSource: { 'zh-CN': '技术部、区域销售经理', en: 'Technical department, regional sales managers' },
      bands: [
        { atMost: 0, points: 35 },
        { above: 0, atMost: 3, points: 30 },
        { above: 3, atMost: 5, points: 25 },
        { above: 5, atMost: 10, points: 20 },
        { above: 10, points: 10 },
      ],
      missingData: { policy: 'count-as-zero' },
    },
    {
      key: 'satisfaction',
      weight: 15,
      name: { 'zh-CN': '项目支持满意度', en: 'Project-support satisfaction' },
      purpose: {
        'zh-CN': '区域销售经理及客户对技术支持的满意程度',
        en: 'How satisfied regional sales managers and customers are with the support they got',
      },
      rule: {
        'zh-CN': '调查得分≥95分15分；≥90分12分；≥85分10分；≥80分5分；<80分0分',
        en: 'Survey score ≥95 → 15; ≥90 → 12; ≥85 → 10; ≥80 → 5; <80 → 0',
      },
      dataSource: { 'zh-CN': '客户体验满意度调查表', en: 'Customer-experience satisfaction survey' },
      roundToDecimals: 1,
      bands: [
        { below: 80, points: 0 },
        { atLeast: 80, below: 85, points: 5 },
        { atLeast: 85, below: 90, points: 10 },
        { atLeast: 90, below: 95, points: 12 },
        { atLeast: 95, points: 15 },
      ],
      missingData: { policy: 'no-data', points: 0 },
    },
    {
      key: 'followUp',
      weight: 15,
      name: { 'zh-CN': '项目跟踪回访完成率', en: 'Project follow-up completion' },
      purpose: {
        'zh-CN': '所辖区域内每个项目每周至少跟踪回访一次，并将情况反馈给部门经理及区域销售经理',
        en: "Every project in the engineer's area gets a follow-up visit at least once a week; findings go to the department manager and the region's sales manager",
      },
      rule: {
        'zh-CN': '按未跟踪回访的项目数计：全部回访15分；≤3个12分；≤5个10分；≤10个5分；>10个0分',
        en: 'By projects not followed up: all followed up → 15; ≤3 → 12; ≤5 → 10; ≤10 → 5; >10 → 0',
      },
      dataSource: { 'zh-CN': '运营商事业部', en: 'Carrier business division' },
      bands: [
        { atMost: 0, points: 15 },
        { above: 0, atMost: 3, points: 12 },
        { above: 3, atMost: 5, points: 10 },
        { above: 5, atMost: 10, points: 5 },
        { above: 10, points: 0 },
      ],
      missingData: { policy: 'count-as-zero' },
    },
    {
      key: 'complaints',
      weight: 15,
      name: { 'zh-CN': '客户投诉次数', en: 'Customer complaints' },
      purpose: {
        'zh-CN': '因服务态度或专业技能引起的客户投诉',
        en: "Complaints about the engineer's service attitude or professional skill",
      },
      rule: { 'zh-CN': '无投诉15分；每投诉一次扣5分', en: 'No complaint → 15; each complaint −5' },
      dataSource: { 'zh-CN': '技术部、区域销售经理', en: 'Technical department, regional sales managers' },
      base: 15,
      penaltyPerComplaint: 5,
      countedStatuses: ['confirmed'],
      missingData: { policy: 'count-as-zero' },
    },
    {
      key: 'learning',
      weight: 10,
      name: { 'zh-CN': '技术学习交流与成长', en: 'Learning and knowledge sharing' },
      purpose: {
        'zh-CN': '学习他人经验并分享自己的成功案例；每月考核5–10项培训内容及成功案例',
        en: "Learn from others and share one's own successes; each month 5–10 training items and success stories are examined",
      },
      rule: {
        'zh-CN': '培训考核>95分10分；>90分8分；>80分6分；<80分5分；主动分享成功案例每次+2分，最多+5分',
        en: 'Training score >95 → 10; >90 → 8; >80 → 6; <80 → 5; +2 for each success story shared on one’s own initiative, at most +5',
      },
      dataSource: { 'zh-CN': '综合评定', en: 'Overall assessment' },
      bands: [
        { atMost: 80, points: 5 },
        { above: 80, atMost: 90, points: 6 },
        { above: 90, atMost: 95, points: 8 },
        { above: 95, points: 10 },
      ],
      bonus: { perStory: 2, cap: 5 },
      missingData: { policy: 'no-data', points: 0 },
    },
    {
      key: 'dailyReport',
      weight: 10,
      name: { 'zh-CN': '日报总结', en: 'Daily report' },
      purpose: {
        'zh-CN': '每日提交工作日报，使总部及时了解问题与进展',
        en: 'A daily report of the day’s work, keeping headquarters informed of problems and progress',
      },
      rule: {
        'zh-CN':
          '每缺交一次日报扣1分，缺交超过5次0分；总结有深度、对当前问题或后续工作提出好的解决方案+2分；敷衍了事、无建设性内容−1分',
        en: '−1 for each daily report not submitted; more than 5 missing → 0. A summary with real insight and good solutions +2; a perfunctory one −1',
      },
      dataSource: { 'zh-CN': '综合评定', en: 'Overall assessment' },
      base: 10,
      penaltyPerMissedDay: 1,
      missedDaysLimit: 5,
      pointsWhenOverLimit: 0,
      missingData: { policy: 'count-as-zero' },
    },
  ],
} satisfies RubricJson;

/** The default rubric, validated when the module loads (a broken edit fails every test at once). */
export const defaultRubric: Rubric = loadRubric(defaultRubricJson);
