// Which indicator of the KPI sheet each kind of item in the record of changes is evidence for (kpi-sheet.md,
// "data source"): a revised report's "why" for an indicator comes from the changes to its evidence. An
// override names its indicator itself and an appeal names the ones it disputes, so they are not listed here;
// a change of the month's own state is evidence for none.
import type { AuditItemKind } from '../domain/audit.ts';
import type { IndicatorKey } from './indicators.ts';

export const INDICATOR_OF_EVIDENCE: Partial<Record<AuditItemKind, IndicatorKey>> = {
  'support-request': 'resolution',
  'follow-up-visit': 'followUp',
  complaint: 'complaints',
  'exam-score': 'learning',
  'success-story': 'learning',
  verdict: 'dailyReport',
};
