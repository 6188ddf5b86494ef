// The organisation's settings: its calendar (time zone, holidays, make-up workdays), when the monthly schedule
// runs, how long the survey stays open, who the department manager is, and the default language.
import * as z from '../schema.ts';
import { email, isoDate, language, personName, timeZoneName } from './common.ts';
import { DEFAULT_LANGUAGE, DEFAULT_ZONE } from './values.ts';

const timeOfDay = z
  .string({ error: 'expected a time HH:MM' })
  .check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'expected a time HH:MM (24-hour)' }));

/** A day of the month (1–28, so it exists in every month) and a local time. */
const scheduleSlot = z.strictObject({
  day: z.number({ error: 'expected a day of the month 1–28' }).check(z.int(), z.gte(1), z.lte(28)),
  time: timeOfDay,
});

export const organisationSettingsSchema = z.strictObject({
  timezone: z._default(timeZoneName, DEFAULT_ZONE),
  /** Dates that are not workdays (public holidays). */
  holidays: z._default(z.array(isoDate), []),
  /** Weekend dates declared workdays (调休). */
  makeUpWorkdays: z._default(z.array(isoDate), []),
  // prefault: an omitted schedule is parsed as {}, so the slots' own defaults fill it (one copy of each).
  schedule: z.prefault(
    z.strictObject({
      /** Survey invitations for the month, sent in that month. */
      invitations: z._default(scheduleSlot, { day: 25, time: '09:00' }),
      /** One reminder to respondents who have not answered, in that month. */
      reminder: z._default(scheduleSlot, { day: 28, time: '09:00' }),
      /** Scoring of the previous month, in the following month. */
      scoring: z._default(scheduleSlot, { day: 3, time: '09:00' }),
      /** Finalisation of the previous month (its scores stop moving), in the following month. */
      finalize: z._default(scheduleSlot, { day: 10, time: '09:00' }),
    }),
    {},
  ),
  /**
   * The survey of month M closes on `closes.day` of month M+1 at `closes.time` local time; it must close before
   * scoring starts (checked below).
   */
  surveyWindow: z.prefault(
    z.strictObject({ closes: z._default(scheduleSlot, { day: 2, time: '23:59' }) }),
    {},
  ),
  /** Engineers may appeal a month's score until this many days after its first scoring run. */
  appealDays: z._default(
    z.number({ error: 'expected a number of days 1–28' }).check(z.int(), z.gte(1), z.lte(28)),
    7,
  ),
  departmentManager: z.strictObject({ name: personName, email }),
  defaultLanguage: z._default(language, DEFAULT_LANGUAGE),
});

/** What is stored and what the use cases return. */
export type OrganisationSettings = z.output<typeof organisationSettingsSchema>;
/** What a manager sends (defaults may be omitted). */

/** The settings schema with its cross-field rule: the survey must close before the month is scored. */
export const organisationSettingsInput = organisationSettingsSchema.check(
  z.superRefine((s, ctx) => {
    const closes = s.surveyWindow.closes;
    const scoring = s.schedule.scoring;
    if (closes.day > scoring.day || (closes.day === scoring.day && closes.time >= scoring.time)) {
      ctx.addIssue({
        code: 'custom',
        path: ['surveyWindow', 'closes'],
        message: `the survey must close before scoring starts (day ${scoring.day} ${scoring.time})`,
      });
    }
    const finalize = s.schedule.finalize;
    if (finalize.day < scoring.day || (finalize.day === scoring.day && finalize.time <= scoring.time)) {
      ctx.addIssue({
        code: 'custom',
        path: ['schedule', 'finalize'],
        message: `finalisation must come after scoring (day ${scoring.day} ${scoring.time})`,
      });
    }
    const overlap = s.holidays.filter((d) => s.makeUpWorkdays.includes(d));
    if (overlap.length > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['makeUpWorkdays'],
        message: `dates listed both as holiday and as make-up workday: ${overlap.join(', ')}`,
      });
    }
  }),
);
