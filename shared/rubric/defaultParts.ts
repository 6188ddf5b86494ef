// The parts of the default rubric the public forms read — the survey (questions, scale) and the daily-report
// deadline — as plain data. The forms take them from here rather than from the parsed rubric, so they do not
// bundle the rubric's schema and the sheet's texts nor parse the whole rubric at every cold start; default.ts
// builds the rubric from these same objects and parses it (a test checks the parsed parts equal these).
import type { Rubric } from './schema.ts';

export const defaultSurvey: Rubric['survey'] = {
  scale: { min: 1, max: 5 },
  multiplier: 20,
  lowRatingAtMost: 2,
  questions: [
    {
      key: 'responsiveness',
      label: { 'zh-CN': '响应及时性', en: 'Responsiveness' },
      text: {
        'zh-CN': '工程师对您的问题和需求响应是否及时？',
        en: 'How promptly did the engineer respond to your questions and requests?',
      },
    },
    {
      key: 'technicalCompetence',
      label: { 'zh-CN': '专业技术能力', en: 'Technical competence' },
      text: {
        'zh-CN': '您如何评价工程师的专业技术能力？',
        en: "How would you rate the engineer's technical competence?",
      },
    },
    {
      key: 'solutionEffectiveness',
      label: { 'zh-CN': '解决方案有效性', en: 'Effectiveness of the solution' },
      text: {
        'zh-CN': '工程师提供的解决方案是否有效解决了您的问题？',
        en: 'How effectively did the solution the engineer provided solve your problem?',
      },
    },
    {
      key: 'serviceAttitude',
      label: { 'zh-CN': '服务态度', en: 'Service attitude' },
      text: {
        'zh-CN': '您对工程师的服务态度是否满意？',
        en: "How satisfied are you with the engineer's service attitude?",
      },
    },
    {
      key: 'communication',
      label: { 'zh-CN': '沟通与跟进', en: 'Communication and follow-through' },
      text: {
        'zh-CN': '工程师的沟通是否清晰、跟进是否到位？',
        en: 'How clearly did the engineer communicate, and how well did they follow through?',
      },
    },
  ],
};

export const defaultDailyReportDeadline: Rubric['dailyReportDeadline'] = { daysAfter: 1, time: '12:00' };

/** The indicators' names, for the appeal page (the rubric's own names; a test checks they agree). */
export const defaultIndicatorNames: Record<
  Rubric['indicators'][number]['key'],
  Rubric['indicators'][number]['name']
> = {
  resolution: { 'zh-CN': '项目技术解决率', en: 'Technical resolution' },
  satisfaction: { 'zh-CN': '项目支持满意度', en: 'Project-support satisfaction' },
  followUp: { 'zh-CN': '项目跟踪回访完成率', en: 'Project follow-up completion' },
  complaints: { 'zh-CN': '客户投诉次数', en: 'Customer complaints' },
  learning: { 'zh-CN': '技术学习交流与成长', en: 'Learning and knowledge sharing' },
  dailyReport: { 'zh-CN': '日报总结', en: 'Daily report' },
};
