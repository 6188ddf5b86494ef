// The engineer-month page over the demo organisation `npm start` seeds: every demo engineer's finished month
// and running month reads and renders in both languages — the variety a manager meets first (late and missing
// reports, no-data flags, an override, survey answers).
import { describe, expect, it } from 'vitest';
import { seedDemo } from '../../../local/demo.ts';
import { engineerMonth } from '../../../shared/admin/engineerMonth.ts';
import { engineerMonthPage } from '../../../shared/console/engineerMonthViews.ts';
import type { Session } from '../../../shared/console/session.ts';
import { uniqueId, useDynamoDb } from '../../support/dynamo.ts';

const db = useDynamoDb();
const NOW = new Date('2026-11-26T10:00:00+08:00');

const admin = {
  sub: 'admin',
  actor: 'admin@example.com',
  name: 'Admin',
  role: 'admin',
  regions: [],
  csrf: 'token',
} as unknown as Session;

describe('the engineer-month page on the demo organisation', () => {
  it("every demo engineer's finished and running month reads and renders in zh-CN and en", async () => {
    const storage = await db.freshStorage();
    const demo = await seedDemo(storage, { now: NOW });
    const ctx = { storage, now: () => NOW, actor: uniqueId('tester') };
    for (const engineer of demo.engineers) {
      for (const month of [demo.month, demo.currentMonth]) {
        const view = await engineerMonth(ctx, { engineerId: engineer.id, month });
        expect(view.engineer.name).toBe(engineer.name);
        // The finished month has its history: reports on the calendar (until `kpi run-month`, no stored card).
        if (month === demo.month)
          expect(view.evidence.dailyReports.some((d) => d.status === 'filed')).toBe(true);
        for (const lang of ['zh-CN', 'en'] as const) {
          const page = engineerMonthPage(view, admin, lang);
          expect(page).toContain(`${engineer.name} · ${month}`);
          expect(page).toContain('data-total');
        }
      }
    }
  });
});
