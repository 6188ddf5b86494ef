// The words of the two forms in the product's languages (zh-CN first, en). Views pick one set by language.
import type { Language } from '../rubric/indicators.ts';

export const FORM_TEXTS = {
  'zh-CN': {
    otherLanguage: 'English',
    surveyTitle: '项目支持满意度调查',
    surveyIntro: (engineer: string, month: string) =>
      `请就 ${month} 期间售前技术支持工程师 ${engineer} 为您提供的支持进行评价。`,
    surveyGreeting: (respondent: string) => `${respondent}，您好：`,
    scaleLow: '1 = 很不满意',
    scaleHigh: '5 = 非常满意',
    comment: '其他意见（选填）',
    submitSurvey: '提交评价',
    closesAt: (when: string) => `调查截止时间：${when}。截止前您可以随时修改答案。`,
    savedNotice: (when: string) =>
      `您已于 ${when} 提交过评价，以下是已保存的答案；再次提交将更新为最新答案。`,
    thanksTitle: '感谢您的评价',
    thanksBody: '您的评价已保存。',
    changeAnswers: '修改我的答案',
    problemsTitle: '请检查以下内容：',
    ratingProblem: (question: string) => `请为“${question}”选择 1–5 分`,
    reportTitle: '工作日报',
    reportIntro: (engineer: string) => `${engineer}，请填写当天的工作日报。`,
    reportDate: '日期',
    workDone: '今日工作',
    problems: '遇到的问题',
    plan: '后续计划',
    visits: '项目跟踪回访',
    visitsHelp: '选择今天回访的项目并填写情况；不需要的行留空即可。',
    visitProject: (n: number) => `回访 ${n}：项目`,
    visitNote: '回访情况',
    noProject: '—（无）',
    submitReport: '提交日报',
    otherDay: '补交或修改其他日期的日报',
    open: '打开',
    reportSaved: '日报已保存。',
    onTime: '按时提交，计入当天。',
    late: '已记录为迟交：当天仍计为未提交。',
    firstSubmitted: (when: string) => `首次提交时间：${when}`,
    existing: (when: string) => `此日期的日报已于 ${when} 提交；再次提交将保存为修改。`,
    backToForm: '返回日报',
    noProjects: '您目前没有进行中的项目。',
  },
  en: {
    otherLanguage: '中文',
    surveyTitle: 'Project support satisfaction survey',
    surveyIntro: (engineer: string, month: string) =>
      `Please rate the support you received from pre-sales engineer ${engineer} in ${month}.`,
    surveyGreeting: (respondent: string) => `Dear ${respondent},`,
    scaleLow: '1 = very dissatisfied',
    scaleHigh: '5 = very satisfied',
    comment: 'Anything else you want to tell us (optional)',
    submitSurvey: 'Submit',
    closesAt: (when: string) => `The survey closes at ${when}. Until then you can change your answers.`,
    savedNotice: (when: string) =>
      `You answered on ${when}; your saved answers are shown below. Submitting again replaces them.`,
    thanksTitle: 'Thank you',
    thanksBody: 'Your answers have been saved.',
    changeAnswers: 'Change my answers',
    problemsTitle: 'Please check the following:',
    ratingProblem: (question: string) => `Choose a rating from 1 to 5 for “${question}”`,
    reportTitle: 'Daily report',
    reportIntro: (engineer: string) => `${engineer}, please file your daily report.`,
    reportDate: 'Date',
    workDone: 'Work done',
    problems: 'Problems',
    plan: 'Plan',
    visits: 'Project follow-up visits',
    visitsHelp: 'Choose each project you followed up today and add a note; leave unused rows empty.',
    visitProject: (n: number) => `Visit ${n}: project`,
    visitNote: 'Note',
    noProject: '— (none)',
    submitReport: 'Submit report',
    otherDay: 'File or edit the report of another day',
    open: 'Open',
    reportSaved: 'Your daily report has been saved.',
    onTime: 'Submitted on time: the day counts.',
    late: 'Recorded as late: the day still counts as missed.',
    firstSubmitted: (when: string) => `First submitted: ${when}`,
    existing: (when: string) =>
      `A report for this date was submitted at ${when}; submitting again saves an edit.`,
    backToForm: 'Back to the daily report',
    noProjects: 'You have no active projects at the moment.',
  },
} as const satisfies Record<Language, unknown>;

export type FormTexts = (typeof FORM_TEXTS)[Language];

export function otherLanguage(lang: Language): Language {
  return lang === 'zh-CN' ? 'en' : 'zh-CN';
}
