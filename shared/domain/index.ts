// The entities of presales-kpi: zod schemas (inputs a manager or a form sends, and stored records) and types.
export * from './common.ts';
export * from './dailyReport.ts';
export * from './engineer.ts';
export * from './facts.ts';
export * from './organisation.ts';
export * from './project.ts';
export * from './respondent.ts';
export * from './scoreCardRecord.ts';
export * from './survey.ts';
