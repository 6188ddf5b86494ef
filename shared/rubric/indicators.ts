// The six indicators of the KPI sheet, in sheet order. Their numbers (weights, bands, caps) are rubric data;
// only the keys are fixed, because each key has its own scoring function in shared/scoring.
export const INDICATOR_KEYS = [
  'resolution',
  'satisfaction',
  'followUp',
  'complaints',
  'learning',
  'dailyReport',
] as const;

export type IndicatorKey = (typeof INDICATOR_KEYS)[number];

export const DAILY_REPORT_VERDICTS = ['insightful', 'standard', 'perfunctory'] as const;
export type DailyReportVerdict = (typeof DAILY_REPORT_VERDICTS)[number];

export const COMPLAINT_STATUSES = ['pending', 'confirmed', 'dismissed'] as const;
export type ComplaintStatus = (typeof COMPLAINT_STATUSES)[number];
