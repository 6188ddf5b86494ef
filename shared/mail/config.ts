// What the emails take from configuration: the sender, an optional SES configuration set, and the subject
// lines per language (with {placeholders}). Built once by the caller and passed in; renderers read no env.
import addressparser from 'nodemailer/lib/addressparser/index.js';
import { config } from '../config.ts';
import type { Language } from '../domain/values.ts';
import * as z from '../schema.ts';
import { parseWith } from '../validation.ts';

const subject = z
  .string()
  .check(
    z.trim(),
    z.minLength(1, { error: 'must not be empty' }),
    z.maxLength(200, { error: 'at most 200 characters' }),
  );
const subjectTexts = z.strictObject({ 'zh-CN': subject, en: subject });

/**
 * Subject lines. Placeholders: {month} (e.g. 2026年10月 / October 2026), {engineer}, {respondent}, {total},
 * {maxTotal}; `revisedPrefix` goes before a revised report's subject, `finalPrefix` before the final summary's.
 */
const defaultMailSubjects = {
  engineerReport: {
    'zh-CN': '{month} 绩效考核结果：{total} / {maxTotal} 分',
    en: 'Your KPI report for {month}: {total} of {maxTotal}',
  },
  revisedPrefix: { 'zh-CN': '【修订】', en: '[Revised] ' },
  finalPrefix: { 'zh-CN': '【最终】', en: '[Final] ' },
  teamSummary: { 'zh-CN': '{month} 团队绩效汇总', en: 'Team KPI summary for {month}' },
  finalisationHeld: {
    'zh-CN': '{month} 尚有未处理的申诉，暂未定稿',
    en: '{month} is not final yet: appeals are open',
  },
  lowScoreAlert: {
    'zh-CN': '低分提醒：{respondent} 对 {engineer} 的评价',
    en: 'Low rating: {respondent} about {engineer}',
  },
  surveyInvitation: {
    'zh-CN': '请评价 {engineer} 在 {month} 的技术支持',
    en: 'How was the support from {engineer} in {month}?',
  },
  surveyReminder: {
    'zh-CN': '提醒：请评价 {engineer} 在 {month} 的技术支持',
    en: 'Reminder: how was the support from {engineer} in {month}?',
  },
  appealFiled: { 'zh-CN': '申诉：{engineer} 对 {month} 的考核结果', en: 'Appeal: {engineer} about {month}' },
  appealOutcome: {
    'zh-CN': '您对 {month} 考核结果的申诉已处理',
    en: 'Your appeal about {month} has been resolved',
  },
} as const satisfies Record<string, Record<Language, string>>;

type MailSubjectKey = keyof typeof defaultMailSubjects;

/** A sender like `kpi@example.com` or `KPI 考核 <kpi@example.com>`. */
const anEmail = z.email();
const sender = z.string({ error: 'expected a sender address' }).check(
  z.trim(),
  z.refine(
    (value) => {
      const parsed = addressparser(value, { flatten: true });
      return parsed.length === 1 && anEmail.safeParse(parsed[0]?.address).success;
    },
    { error: 'expected one sender address like kpi@example.com or "KPI <kpi@example.com>"' },
  ),
);

const subjectOverrides = z._default(
  z.strictObject({
    engineerReport: z.optional(subjectTexts),
    revisedPrefix: z.optional(subjectTexts),
    finalPrefix: z.optional(subjectTexts),
    teamSummary: z.optional(subjectTexts),
    finalisationHeld: z.optional(subjectTexts),
    lowScoreAlert: z.optional(subjectTexts),
    surveyInvitation: z.optional(subjectTexts),
    surveyReminder: z.optional(subjectTexts),
    appealFiled: z.optional(subjectTexts),
    appealOutcome: z.optional(subjectTexts),
  }),
  {},
);

const mailConfigSchema = z.strictObject({
  from: sender,
  /** SES configuration set for delivery events; omitted locally. */
  configurationSetName: z.optional(z.string().check(z.trim(), z.minLength(1))),
  subjects: z.pipe(
    subjectOverrides,
    z.transform(
      (given): Record<MailSubjectKey, Record<Language, string>> => ({ ...defaultMailSubjects, ...given }),
    ),
  ),
});

export type MailConfig = z.output<typeof mailConfigSchema>;

/** Parses a mail configuration; throws ValidationError naming each bad field. */
export function mailConfig(input: z.input<typeof mailConfigSchema>): MailConfig {
  return parseWith(mailConfigSchema, input, 'invalid mail configuration');
}

/** The mail configuration of this process: sender and configuration set from the environment, default subjects. */
export function mailConfigFromEnvironment(): MailConfig {
  const { mailFrom, sesConfigurationSet } = config();
  return mailConfig({ from: mailFrom, configurationSetName: sesConfigurationSet });
}

/** Fills a subject's {placeholders}; line breaks in a value (a name) are flattened so it stays one header line. */
export function fillSubject(
  config: MailConfig,
  key: MailSubjectKey,
  language: Language,
  values: Record<string, string | number>,
): string {
  return config.subjects[key][language].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]).replace(/\s+/g, ' ').trim() : whole,
  );
}
