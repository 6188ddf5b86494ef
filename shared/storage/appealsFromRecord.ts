// An engineer's appeals as the record of changes tells them (entries of kind `appeal`: filed, edited, upheld,
// rejected), for the engineer's own page. The record is written in the same transaction as every appeal
// write, so it holds each appeal's whole story; this reader stands in until the appeal items themselves
// (under the engineer-month, listed on gsi2 APPEALS#<month>) can be read instead.
import type { AuditEntry } from '../domain/audit.ts';
import { INDICATOR_KEYS, type IndicatorKey } from '../rubric/indicators.ts';
import { listAuditOfEngineerMonth } from './audit.ts';
import type { Storage } from './client.ts';

export interface AppealOfEngineer {
  id: string;
  month: string;
  /** When it was filed (ISO instant), if the record says. */
  filedAt?: string;
  indicators: IndicatorKey[];
  state: 'open' | 'upheld' | 'rejected';
  /** When and why it was resolved. */
  resolvedAt?: string;
  outcomeReason?: string;
}

const isIndicator = (v: unknown): v is IndicatorKey => (INDICATOR_KEYS as readonly unknown[]).includes(v);

/** Folds the record's appeal entries (oldest first) into one line per appeal, in the order they were filed. */
export function appealsFromEntries(entries: readonly AuditEntry[]): AppealOfEngineer[] {
  const appeals = new Map<string, AppealOfEngineer>();
  for (const entry of entries) {
    if (entry.item.kind !== 'appeal') continue;
    const appeal = appeals.get(entry.item.id) ?? {
      id: entry.item.id,
      month: entry.month,
      indicators: [],
      state: 'open' as const,
    };
    const item = (entry.after ?? entry.before) as Record<string, unknown> | null;
    if (item && Array.isArray(item.indicators)) appeal.indicators = item.indicators.filter(isIndicator);
    if (entry.action === 'appealed')
      appeal.filedAt = item && typeof item.filedAt === 'string' ? item.filedAt : entry.at;
    if (entry.action === 'appeal-upheld' || entry.action === 'appeal-rejected') {
      appeal.state = entry.action === 'appeal-upheld' ? 'upheld' : 'rejected';
      appeal.resolvedAt = entry.at;
      const outcome =
        entry.reason ?? (item && typeof item.outcomeReason === 'string' ? item.outcomeReason : undefined);
      if (outcome) appeal.outcomeReason = outcome;
    }
    appeals.set(appeal.id, appeal);
  }
  return [...appeals.values()];
}

/** The engineer's appeals of `months`, newest month first. */
export async function listAppealsOfEngineer(
  storage: Storage,
  engineerId: string,
  months: readonly string[],
): Promise<AppealOfEngineer[]> {
  const perMonth = await Promise.all(months.map((m) => listAuditOfEngineerMonth(storage, engineerId, m)));
  return perMonth
    .flatMap((entries) => appealsFromEntries(entries))
    .sort((a, b) => (a.month < b.month ? 1 : -1));
}
