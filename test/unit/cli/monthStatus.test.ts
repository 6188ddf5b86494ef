// `kpi month status`: the month's state and dates in the organisation's local time with its zone, what is
// scheduled and what is done, who finalised it, why it was reopened, and its open appeals.
import { describe, expect, it } from 'vitest';
import { renderMonthLifecycle } from '../../../cli/commands/admin.ts';
import type { MonthLifecycle } from '../../../shared/domain/monthRecord.ts';

const provisional: MonthLifecycle = {
  month: '2026-10',
  state: 'provisional',
  timezone: 'Asia/Shanghai',
  evidenceCloses: '2026-11-02T15:59:00.000Z',
  firstRunAt: '2026-11-03T01:00:00.000Z',
  appealDeadline: '2026-11-10T01:00:00.000Z',
  appealsOpen: true,
  finalizedAt: null,
  finalizedBy: null,
  scheduledFinalisation: '2026-11-10T01:00:00.000Z',
  reopenedAt: null,
  reopenReason: null,
  openAppeals: [{ engineerId: 'e-1', appealId: 'a-1' }],
};

describe('kpi month status', () => {
  it('prints a provisional month: local times with the zone, appeals open until, finalisation scheduled', () => {
    expect(renderMonthLifecycle(provisional)).toBe(
      [
        'month 2026-10: provisional',
        '  evidence closed  2026-11-02 23:59 (Asia/Shanghai)',
        '  first run        2026-11-03 09:00 (Asia/Shanghai)',
        '  appeals          open until 2026-11-10 09:00 (Asia/Shanghai)',
        '  finalisation     scheduled 2026-11-10 09:00 (Asia/Shanghai) (the finalise job; `kpi month finalize 2026-10` now)',
        '  open appeals     e-1 (a-1)',
        '',
      ].join('\n'),
    );
  });

  it('prints a final month that was reopened once: who finalised it and when, why it was reopened', () => {
    const text = renderMonthLifecycle({
      ...provisional,
      state: 'final',
      appealsOpen: false,
      finalizedAt: '2026-11-12T02:30:00.000Z',
      finalizedBy: '王敏',
      scheduledFinalisation: null,
      reopenedAt: '2026-11-11T08:00:00.000Z',
      reopenReason: 'exam re-marked',
      openAppeals: [],
    });
    expect(text).toContain('month 2026-10: final');
    const line = (label: string) =>
      text
        .split('\n')
        .find((l) => l.trim().startsWith(label))
        ?.trim();
    expect(line('appeals')).toMatch(/^appeals\s+closed \(deadline 2026-11-10 09:00 \(Asia\/Shanghai\)\)$/);
    expect(line('finalisation')).toMatch(/^finalisation\s+done 2026-11-12 10:30 \(Asia\/Shanghai\) by 王敏$/);
    expect(line('reopened')).toMatch(/^reopened\s+2026-11-11 16:00 \(Asia\/Shanghai\): exam re-marked$/);
    expect(line('open appeals')).toMatch(/^open appeals\s+none$/);
  });

  it('says when the evidence of a month still collecting closes', () => {
    const text = renderMonthLifecycle({
      ...provisional,
      state: 'collecting',
      firstRunAt: null,
      appealDeadline: null,
      appealsOpen: false,
      openAppeals: [],
    });
    expect(text).toContain('evidence closes  2026-11-02 23:59 (Asia/Shanghai)');
    expect(text).toContain('first run        —');
    expect(text).toContain('appeals          —');
  });
});
