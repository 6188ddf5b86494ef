// `kpi audit` in a terminal: one row per change, the time in the organisation's zone, who, what, the item, and
// the change in short — the fields that changed, a new item by its fields, a removed one as removed, the reason
// once.
import { describe, expect, it } from 'vitest';
import { changeInShort, renderAudit } from '../../../cli/commands/admin.ts';
import type { AuditAnswer } from '../../../shared/admin/audit.ts';

const answer: AuditAnswer = {
  month: '2026-10',
  timezone: 'Asia/Shanghai',
  entries: [
    {
      id: 'a-1',
      month: '2026-10',
      engineerId: 'demo-e3',
      at: '2026-11-05T02:00:00.000Z',
      actor: 'local-admin',
      action: 'updated',
      item: { kind: 'exam-score', id: 'demo-e3/2026-10' },
      before: {
        engineerId: 'demo-e3',
        month: '2026-10',
        score: 64,
        by: '张敏',
        at: '2026-11-01T01:00:00.000Z',
      },
      after: {
        engineerId: 'demo-e3',
        month: '2026-10',
        score: 91,
        by: '张敏',
        at: '2026-11-05T02:00:00.000Z',
      },
    },
    {
      id: 'a-2',
      month: '2026-10',
      engineerId: 'demo-e3',
      at: '2026-11-05T03:30:00.000Z',
      actor: 'arn:aws:iam::123456789012:user/wang',
      action: 'created',
      item: { kind: 'override', id: 'demo-e3/2026-10/complaints' },
      before: null,
      after: { indicator: 'complaints', points: 15, reason: 'Customer withdrew it', by: 'wang', at: 'x' },
      reason: 'Customer withdrew it',
    },
    {
      id: 'a-3',
      month: '2026-10',
      engineerId: 'demo-e3',
      at: '2026-11-06T16:05:00.000Z',
      actor: 'local-admin',
      action: 'removed',
      item: { kind: 'success-story', id: 's-9' },
      before: { id: 's-9', engineerId: 'demo-e3', date: '2026-10-14', title: 'Won it' },
      after: null,
    },
  ],
};

describe('kpi audit', () => {
  it('prints each change in the organisation’s time, who made it, what, the item and the change in short', () => {
    const lines = renderAudit(answer).split('\n');
    expect(lines[0]).toBe('record of changes: 2026-10 (times in Asia/Shanghai)');
    const row = (text: string) => lines.find((l) => l.includes(text)) ?? '';
    expect(row('2026-11-05 10:00')).toMatch(
      /local-admin +│ updated +│ exam-score demo-e3\/2026-10 +│ score: 64 → 91 /,
    );
    expect(row('2026-11-05 11:30')).toMatch(
      /arn:aws:iam::123456789012:user\/wang │ created +│ override demo-e3\/2026-10\/complaints │ new: indicator complaints, points 15 \(reason: Cu/,
    );
    // Past midnight in Shanghai: the next local day; an item whose id does not name the engineer says whose.
    expect(row('2026-11-07 00:05')).toMatch(/removed +│ success-story s-9 \(demo-e3\) +│ removed /);
    expect(renderAudit({ ...answer, engineerId: 'demo-e3', entries: [] })).toBe(
      'record of changes: 2026-10, demo-e3 (times in Asia/Shanghai)\n(none)\n',
    );
  });

  it('names only the fields that changed, bookkeeping aside', () => {
    expect(
      changeInShort(
        { status: 'pending', text: 'Late', createdAt: 'a' },
        { status: 'dismissed', text: 'Late', decidedBy: '王敏', decidedAt: 'b', createdAt: 'a' },
      ),
    ).toBe('status: pending → dismissed; decidedBy: – → 王敏');
    expect(changeInShort({ resolvedAt: null, updatedAt: 'a' }, { resolvedAt: null, updatedAt: 'b' })).toBe(
      'unchanged',
    );
  });
});
