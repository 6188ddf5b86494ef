// What the setup pages' form fields mean to the admin use cases: a browser sends only strings, so empty means
// "not given", lists are one per line (or comma-separated), a checkbox is there or not, and a number is a number
// only when it is digits — anything else reaches the schema as written, whose message names it.
import { describe, expect, it } from 'vitest';
import type { AdminContext } from '../../../shared/admin/context.ts';
import { fieldOf, setSettingsFromForm, settingsFormValues } from '../../../shared/console/setup.ts';
import type { Storage } from '../../../shared/storage/client.ts';

// The settings are parsed before anything is stored: a refused form never reaches the table.
const noStorage = {} as Storage;
const ctx: AdminContext = { storage: noStorage, now: () => new Date('2026-11-30T00:00:00Z'), actor: 'test' };

describe('the settings form', () => {
  it('starts from the schema defaults before the first setup, with no department manager', () => {
    const values = settingsFormValues(undefined);
    expect(values).toMatchObject({
      timezone: 'Asia/Shanghai',
      'schedule.invitations.day': '25',
      'schedule.scoring.day': '3',
      'schedule.finalize.day': '10',
      'surveyWindow.closes.time': '23:59',
      appealDays: '7',
      'departmentManager.name': '',
      'departmentManager.email': '',
    });
  });

  it('reads lists, days and times as the schema expects, and names each bad field', async () => {
    const form = new URLSearchParams({
      ...settingsFormValues(undefined),
      holidays: '2026-10-01, 2026-10-02\n2026-10-03',
      'schedule.scoring.day': 'third',
      'surveyWindow.closes.time': '25:00',
      'departmentManager.name': '部门经理',
      'departmentManager.email': 'dept@example.com',
    });
    const outcome = await setSettingsFromForm(ctx, form);
    expect(outcome.ok).toBe(false);
    if (outcome.ok) return;
    expect(outcome.status).toBe(400);
    expect(outcome.problems.map((p) => [p.path, p.message])).toEqual([
      ['schedule.scoring.day', 'expected a day of the month 1–28'],
      ['surveyWindow.closes.time', 'expected a time HH:MM (24-hour)'],
    ]);
  });

  it('places an item of a list beside the list', () => {
    expect(fieldOf({ path: 'holidays[2]', message: 'x' })).toBe('holidays');
    expect(fieldOf({ path: 'schedule.scoring.day', message: 'x' })).toBe('schedule.scoring.day');
  });
});
