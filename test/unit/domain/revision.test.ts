// What a revised card says changed: per indicator old → new points and why, each kind of why worded in both
// languages as the engineer reads it in the revised report.
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '#shared/domain/audit.ts';
import { revisionChanges } from '#shared/domain/revision.ts';
import { changeReasonText, revisionChangeLines } from '#shared/mail/locale.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import type { ScoringInputJson } from '#shared/scoring/input.ts';
import { busyMonth, score } from '../mail/fixtures.ts';

const ZONE = 'Asia/Shanghai';

/** The month of busyMonth without its override, so the complaints indicator moves with its evidence. */
function month(change: (m: Required<ScoringInputJson>) => void = () => {}): ScoringInputJson {
  const m = structuredClone(busyMonth({ exam: 64 })) as Required<ScoringInputJson>;
  m.overrides = [];
  change(m);
  return m;
}

let n = 0;
function entry(fields: Partial<AuditEntry> & Pick<AuditEntry, 'item' | 'action'>): AuditEntry {
  n += 1;
  return {
    id: `a-${n}`,
    month: '2026-10',
    engineerId: 'e-busy',
    at: '2026-11-05T02:00:00.000Z',
    actor: '王敏',
    before: null,
    after: null,
    ...fields,
  };
}

function diff(
  before: ScoringInputJson,
  after: ScoringInputJson,
  changes: AuditEntry[] = [],
  history: AuditEntry[] = [],
) {
  return revisionChanges({
    previous: score(before),
    previousRevision: 1,
    current: score(after),
    changes,
    history,
    zone: ZONE,
  });
}

/** The reasons of one indicator as the engineer reads them. */
function why(result: ReturnType<typeof diff>, indicator: string, language: 'zh-CN' | 'en') {
  const change = result.indicators.find((c) => c.indicator === indicator);
  return change?.reasons.map((r) => changeReasonText(r, language)) ?? [];
}

describe('what changed between two revisions', () => {
  it('an exam score set by a manager: learning old → new, the score, who and the local date', () => {
    const exam = entry({
      item: { kind: 'exam-score', id: 'e-busy#2026-10' },
      action: 'updated',
      before: { engineerId: 'e-busy', month: '2026-10', score: 64, by: '王敏', at: '2026-10-31T02:00:00Z' },
      after: { engineerId: 'e-busy', month: '2026-10', score: 91, by: '王敏', at: '2026-11-05T02:00:00Z' },
      // 23:30 in Shanghai is already the next day: the date said is the organisation's.
      at: '2026-11-05T16:30:00.000Z',
    });
    const result = diff(
      month(),
      month((m) => {
        m.trainingScore = 91;
      }),
      [exam],
    );
    const before = score(month()).indicators.find((i) => i.key === 'learning')!.points;
    const after = score(
      month((m) => {
        m.trainingScore = 91;
      }),
    ).indicators.find((i) => i.key === 'learning')!.points;
    expect(before).not.toBe(after);
    expect(result.indicators.map((c) => c.indicator)).toEqual(['learning']);
    expect(result.indicators[0]).toMatchObject({ from: before, to: after });
    expect(result.previousRevision).toBe(1);
    expect(why(result, 'learning', 'en')).toEqual(['exam score 64 → 91 set by 王敏 on 2026-11-06']);
    expect(why(result, 'learning', 'zh-CN')).toEqual(['考试成绩 64 → 91，由 王敏 于 2026-11-06 设定']);
    expect(revisionChangeLines(result, defaultRubric, 'en')[0]!.heading).toBe(
      `Learning and knowledge sharing ${before} → ${after}`,
    );
  });

  it('a complaint dismissed: the complaint by its date, who dismissed it and when', () => {
    const dismissed = entry({
      item: { kind: 'complaint', id: 'c-1' },
      action: 'dismissed',
      before: { id: 'c-1', engineerId: 'e-busy', date: '2026-10-09', text: '响应慢', status: 'confirmed' },
      after: { id: 'c-1', engineerId: 'e-busy', date: '2026-10-09', text: '响应慢', status: 'dismissed' },
    });
    const result = diff(
      month(),
      month((m) => {
        m.complaints[0]!.status = 'dismissed';
      }),
      [dismissed],
    );
    const change = result.indicators.find((c) => c.indicator === 'complaints')!;
    expect(change.to).toBeGreaterThan(change.from);
    expect(why(result, 'complaints', 'en')).toEqual(['complaint 2026-10-09 dismissed by 王敏 on 2026-11-05']);
    expect(why(result, 'complaints', 'zh-CN')).toEqual(['2026-10-09 的投诉，由 王敏 于 2026-11-05 驳回']);
    // The complaint is not evidence for any other indicator.
    expect(result.indicators.map((c) => c.indicator)).toEqual(['complaints']);
  });

  it('an override with its reason, answering an appeal, and the appeal’s outcome', () => {
    const upheld = entry({
      item: { kind: 'appeal', id: 'ap-7' },
      action: 'appeal-upheld',
      before: { id: 'ap-7', indicators: ['resolution'], filedAt: '2026-11-04T03:00:00Z', status: 'open' },
      after: { id: 'ap-7', indicators: ['resolution'], filedAt: '2026-11-04T03:00:00Z', status: 'upheld' },
      reason: 'Acme 的延误由客户造成',
    });
    const override = entry({
      item: { kind: 'override', id: 'e-busy#2026-10#resolution' },
      action: 'created',
      after: {
        indicator: 'resolution',
        points: 35,
        reason: 'appeal ap-7: Acme 的延误由客户造成',
        by: '王敏',
      },
      reason: 'appeal ap-7: Acme 的延误由客户造成',
    });
    const result = diff(
      month(),
      month((m) => {
        m.overrides = [
          { indicator: 'resolution', points: 35, reason: 'appeal ap-7: Acme 的延误由客户造成', by: '王敏' },
        ];
      }),
      [override, upheld],
    );
    expect(result.indicators.map((c) => c.indicator)).toEqual(['resolution']);
    expect(result.indicators[0]!.to).toBe(35);
    expect(why(result, 'resolution', 'en')).toEqual([
      'points overridden to 35 set by 王敏 on 2026-11-05: Acme 的延误由客户造成 (answers appeal ap-7)',
      'your appeal of 2026-11-04 upheld by 王敏 on 2026-11-05: Acme 的延误由客户造成',
    ]);
    expect(why(result, 'resolution', 'zh-CN')[1]).toBe(
      '您 2026-11-04 提交的申诉，由 王敏 于 2026-11-05 支持，理由：Acme 的延误由客户造成',
    );
  });

  it('an override that names the appeal it answers (its appealId) says so once', () => {
    const override = entry({
      item: { kind: 'override', id: 'e-busy/2026-10/resolution' },
      action: 'updated',
      before: { indicator: 'resolution', points: 30, reason: 'old', by: '王敏' },
      after: { indicator: 'resolution', points: 35, reason: 'customer delay', by: '王敏', appealId: 'ap-9' },
      reason: 'appeal ap-9: customer delay',
    });
    const result = diff(
      month((m) => {
        m.overrides = [{ indicator: 'resolution', points: 30, reason: 'old', by: '王敏' }];
      }),
      month((m) => {
        m.overrides = [{ indicator: 'resolution', points: 35, reason: 'customer delay', by: '王敏' }];
      }),
      [override],
    );
    expect(why(result, 'resolution', 'en')).toEqual([
      'points overridden to 35 set by 王敏 on 2026-11-05: customer delay (answers appeal ap-9)',
    ]);
    expect(why(result, 'resolution', 'zh-CN')).toEqual([
      '经理调整为 35 分，由 王敏 于 2026-11-05 设定，理由：customer delay（回应申诉 ap-9）',
    ]);
  });

  it('an override the record has no entry for is told from the card: its points, reason, who', () => {
    const result = diff(
      month(),
      month((m) => {
        m.overrides = [
          { indicator: 'followUp', points: 10, reason: '项目暂停', by: '李强', at: '2026-11-03T01:00:00Z' },
        ];
      }),
    );
    expect(why(result, 'followUp', 'en')).toEqual([
      'points overridden to 10 set by 李强 on 2026-11-03: 项目暂停',
    ]);
  });

  it('survey answers are counted, never named; daily reports said as the engineer’s own', () => {
    const result = diff(
      month(),
      month((m) => {
        m.surveyResponses.push({ score: 40 }, { score: 100 });
        m.dailyReports.push({ date: '2026-10-22', submittedAt: '2026-10-23T15:00:00+08:00' });
      }),
    );
    expect(why(result, 'satisfaction', 'en')).toEqual(['2 new survey responses (5 in all)']);
    expect(why(result, 'satisfaction', 'zh-CN')).toEqual(['新增 2 份满意度调查回复（共 5 份）']);
    expect(why(result, 'dailyReport', 'en')).toEqual(['daily report of 2026-10-22 filed late']);
    expect(why(result, 'dailyReport', 'zh-CN')).toEqual(['2026-10-22 的日报逾期提交']);
  });

  it('a follow-up week logged in a daily report is the engineer’s; one a manager recorded is the manager’s', () => {
    const base = month((m) => {
      m.followUps = m.followUps.filter((f) => !(f.projectId === 'p-1' && f.date === '2026-10-13'));
    });
    const own = diff(base, month());
    expect(why(own, 'followUp', 'en')).toEqual([
      'follow-up of 城域网改造 in 2026-W42 logged in a daily report',
    ]);
    const visit = entry({
      item: { kind: 'follow-up-visit', id: 'v-1' },
      action: 'created',
      after: { id: 'v-1', engineerId: 'e-busy', projectId: 'p-1', date: '2026-10-13', note: '' },
    });
    expect(why(diff(base, month(), [visit]), 'followUp', 'en')).toEqual([
      'follow-up visit to p-1 on 2026-10-13 recorded by 王敏 on 2026-11-05',
    ]);
  });

  it('a verdict and a support request by the manager', () => {
    const verdict = entry({
      item: { kind: 'verdict', id: 'e-busy#2026-10' },
      action: 'updated',
      before: { verdict: 'insightful' },
      after: { verdict: 'perfunctory' },
    });
    const request = entry({
      item: { kind: 'support-request', id: 'r-1' },
      action: 'resolved',
      after: {
        id: 'r-1',
        customer: 'Gamma',
        dueAt: '2026-10-31T20:00:00Z',
        resolvedAt: '2026-10-31T19:00:00Z',
      },
    });
    const result = diff(
      month(),
      month((m) => {
        m.dailyReportVerdict = 'perfunctory';
        m.supportRequests[0]!.resolvedAt = '2026-10-20T12:00:00+08:00';
      }),
      [verdict, request],
    );
    expect(why(result, 'dailyReport', 'en')).toEqual([
      'daily-report verdict insightful → perfunctory set by 王敏 on 2026-11-05',
    ]);
    expect(why(result, 'dailyReport', 'zh-CN')).toEqual([
      '日报评定 有深度 → 敷衍，由 王敏 于 2026-11-05 设定',
    ]);
    // Due 2026-10-31 20:00 UTC is 2026-11-01 in Shanghai: the date the organisation reads.
    expect(why(result, 'resolution', 'en')).toEqual([
      'support request from Gamma due 2026-11-01 resolved by 王敏 on 2026-11-05',
    ]);
  });

  it('a change nothing recorded explains says so; an unchanged card has no changes', () => {
    const result = diff(
      month(),
      month((m) => {
        m.complaints[2]!.status = 'confirmed';
      }),
    );
    expect(why(result, 'complaints', 'en')).toEqual([
      'no recorded change explains it (a calendar or rubric change, say)',
    ]);
    expect(diff(month(), month()).indicators).toEqual([]);
  });

  it('an appeal still open is not a reason; its outcome is, under the indicators it disputes', () => {
    const filed = entry({
      item: { kind: 'appeal', id: 'ap-1' },
      action: 'appealed',
      after: { indicators: ['learning'] },
    });
    const rejected = entry({
      item: { kind: 'appeal', id: 'ap-2' },
      action: 'appeal-rejected',
      after: { indicators: ['complaints'] },
      reason: '投诉属实',
    });
    const result = diff(
      month(),
      month((m) => {
        m.trainingScore = 91;
        m.complaints[2]!.status = 'confirmed';
      }),
      [filed, rejected],
    );
    expect(why(result, 'learning', 'en')).toEqual(['exam score 64 → 91 set']);
    expect(why(result, 'complaints', 'en')).toEqual(['your appeal rejected by 王敏 on 2026-11-05: 投诉属实']);
  });
});
