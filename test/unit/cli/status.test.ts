// `kpi status` in a terminal: a month where engineers missed most days still prints lines of at most 100
// columns (CJK characters count two), the missing and late days summarised as a count and the first days.
import { describe, expect, it } from 'vitest';
import { dayList, renderStatus } from '../../../cli/commands/admin.ts';
import type { MonthStatus } from '../../../shared/admin/months.ts';

const days = (n: number) => Array.from({ length: n }, (_, i) => `2026-10-${String(i + 1).padStart(2, '0')}`);
const columns = (line: string) =>
  [...line].reduce((w, ch) => w + (/[\u2e80-\ua4cf\uff00-\uff60]/.test(ch) ? 2 : 1), 0);

const status: MonthStatus = {
  month: '2026-10',
  asOf: '2026-10-31T15:59:00.000Z',
  survey: {
    invitations: 2,
    answered: [],
    notAnswered: [
      {
        invitationId: 'i-1',
        engineerId: 'e-001',
        engineerName: '欧阳娜娜'.repeat(10),
        respondentId: 'r-1',
        respondentName: 'Christopher Alexander Wellington-Smythe of the Northern Region Sales Office',
        status: 'open',
        sentAt: null,
        remindedAt: null,
        answeredAt: null,
      },
    ],
  },
  dailyReports: [
    {
      engineerId: 'demo-e1',
      engineerName: 'Alexandra Montgomery-Smith',
      workdaysDue: 22,
      onTime: 0,
      missing: 22,
      missingDays: days(22),
      lateDays: days(21),
    },
    {
      engineerId: 'e-2',
      engineerName: '司马相如的名字非常非常非常非常非常非常长',
      workdaysDue: 22,
      onTime: 22,
      missing: 0,
      missingDays: [],
      lateDays: [],
    },
  ],
};

describe('kpi status', () => {
  it('fits 100 columns however many days are missing and however long the names', () => {
    const out = renderStatus(status);
    for (const line of out.trimEnd().split('\n')) expect(columns(line)).toBeLessThanOrEqual(100);
    expect(out).toContain('22: 01 02 03 +19');
    expect(out).toContain('demo-e1 Alexandra Montgomery');
    expect(out).toContain('waiting: Christopher Alexander');
  });

  it('summarises days as their count and the first three days of the month', () => {
    expect(dayList([])).toBe('0');
    expect(dayList(['2026-10-14'])).toBe('1: 14');
    expect(dayList(days(3))).toBe('3: 01 02 03');
    expect(dayList(days(4))).toBe('4: 01 02 03 +1');
  });
});
