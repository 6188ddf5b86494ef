// Every DynamoDB key, index name and the table definition of presales-kpi, in one place. The emulator harness
// (local/dynamo.ts) and the CDK stack (infra/) both build the table from `TABLE` / `createTableInput()`.
//
// ONE table, attributes pk/sk, two GSIs (gsi1: collections and lookup by id; gsi2: per-month lists, and the
// sparse list of active engineers). No TTL: every record is evidence for a score and is kept.
//
// Access patterns (→ how):
//  1. organisation settings                       → GetItem  pk=ORG                sk=SETTINGS
//  2. engineer by id                              → GetItem  pk=ENG#<e>            sk=PROFILE
//  3. all engineers                               → Query    gsi1 gsi1pk=ENGINEERS
//  4. active engineers                            → Query    gsi2 gsi2pk=ENGINEERS#ACTIVE   (sparse: only active)
//  5. respondent by id / all respondents          → GetItem  pk=RESP#<r> sk=PROFILE ; Query gsi1 gsi1pk=RESPONDENTS
//  6. an engineer's projects                      → Query    pk=ENG#<e>  sk begins_with PROJECT#
//     project by id                               → GetItem  pk=PROJECT#<p> sk=ID (names the engineer; written with
//                                                            the project, attribute_not_exists on create) → GetItem
//     all projects                                → Query    gsi1 gsi1pk=PROJECTS
//  7. an engineer's dated facts of a month, incl. the neighbouring weeks' follow-ups (daily reports with their
//     follow-ups, direct follow-up visits, complaints, success stories, support requests by due date)
//                                                 → Query    pk=ENG#<e>  sk BETWEEN D#<month start − 4 days>
//                                                                             AND D#<month end + 4 days>~
//  8. an engineer's monthly facts (exam score, verdict, overrides, survey responses about them)
//                                                 → Query    pk=ENG#<e>  sk begins_with M#<month>#F#
//  9. daily report of one day (form, edit)        → GetItem  pk=ENG#<e>  sk=D#<date>#REPORT
//     its kept revisions                          → Query    pk=ENG#<e>  sk begins_with DREV#<date>#
//     the days an engineer filed in a month       → Update   pk=ENG#<e>  sk=M#<month>#REPORTDAYS SET #<date> =
//       (each day's first submission time, set      if_not_exists(#<date>, :first submission) (in the report's
//       with the report)                            transaction)
//     … of every engineer (console overview)      → Query    gsi2 gsi2pk=REPORTDAYS#<month>
// 10. complaint / support request / success story by id
//                                                 → Query    gsi1 gsi1pk=COMPLAINTS|REQUESTS|STORIES gsi1sk=<id>
//     a month's complaints / requests / stories / exam scores / verdicts / overrides across engineers
//                                                 → Query    gsi2 gsi2pk=<KIND>#<month>
// 11. survey invitation by id (every form GET/POST) → GetItem pk=INV#<id> sk=INVITATION
//     one invitation per respondent × engineer × month: marker pk=ENG#<e> sk=M#<month>#INVITE#<r>
//     (written with attribute_not_exists in the same transaction as the invitation)
//     a month's invitations (status, reminders)   → Query    gsi2 gsi2pk=INVITATIONS#<month>
//     its email's outbox claim (once)             → Put      pk=INV#<id> sk=SENT if not exists
//     its one reminder's outbox claim (once)      → Put      pk=INV#<id> sk=REMINDED if not exists
//     a manager's resend's outbox claim (once per resend request)
//                                                 → Put      pk=INV#<id> sk=RESENT#<request> if not exists
//     a low-score alert's outbox claim (once)     → Put      pk=INV#<id> sk=ALERTED#<rev> if not exists
//     low-score alerts waiting to be sent        → Query    pk=ALERTS#PENDING (GetItem/DeleteItem sk=<inv>#<rev>)
//     (put in the same transaction as the answer revision with a low rating; deleted once the alert is sent;
//     DynamoDB Streams of this partition start the notifier)
// 12. survey response of an invitation           → GetItem  pk=ENG#<e>  sk=M#<month>#F#RESPONSE#<inv>
//     (ONE item: the latest answer + `revisions`, every answer kept, oldest first; written by one UpdateItem
//     whose `revision` condition serialises edits, in a transaction with the month's guard (pattern 15) — the
//     invitation is not written on answer)
//     a month's responses (who has answered: status, reminders, team summary)
//                                                 → Query    gsi2 gsi2pk=RESPONSES#<month> gsi2sk=<inv>
// 13. score card revisions of an engineer-month   → Query    pk=ENG#<e>  sk begins_with M#<month>#SCORECARD#R
//     latest score card of an engineer-month      → GetItem  pk=ENG#<e>  sk=M#<month>#SCORECARD#LATEST
//     a month's latest score cards (team summary) → Query    gsi2 gsi2pk=SCORECARDS#<month>
//     an engineer's last six months (chart)       → BatchGet of the six LATEST items
//     the report of a revision: its outbox claim  → Put      pk=ENG#<e>  sk=M#<month>#EMAILED#<rev> if not exists
//     (state claimed → sending → sent, shared/storage/outbox.ts; SES's sending events confirm it by its tag,
//     an UpdateItem on the key the tag names)
// 14. the month's scoring run: dispatched set     → Put/Get  pk=RUN#<month> sk=DISPATCH (replaced by each run)
//     each engineer's outcome in a run            → Put      pk=RUN#<month> sk=OUT#<run>#<e> ; Query begins_with
//                                                   OUT#<run>#  (the run item counts them in a string set)
//     who the current run parked (overview)       → the DISPATCH item's parked set, then BatchGet of their
//                                                   outcomes (none when nobody is parked)
//     one summary per set of revisions            → Put      pk=RUN#<month> sk=SUMMARY#<digest> if not exists
//                                                   (an outbox claim, like a report's)
//     what the last sent summary showed           → Put/Get  pk=RUN#<month> sk=SUMMARY (each engineer's revision and
//                                                   total; a revised summary lists who changed since)
// 15. a month's life (lifecycle.md)              → Get/Update pk=MONTH#<month> sk=STATE (every transition and every
//     open/resolved appeal is a condition on this one item; a month's evidence write carries a ConditionCheck
//     on it, so nothing is written to a final month)
//     the record of changes of an engineer-month  → Query    pk=ENG#<e> sk begins_with M#<month>#AUDIT#
//     … of the month itself (its state)           → Put      pk=MONTH#<month> sk=AUDIT#<at>#<id>
//     … of a whole month                          → Query    gsi2 gsi2pk=AUDIT#<month> gsi2sk=<at>#<id>
//     (each entry is put in the same transaction as the change it records)
//     whether a month was ever scored (status)    → Query    gsi2 gsi2pk=SCORECARDS#<month> Limit 1
//     the one "final" summary of a finalisation   → Put      pk=RUN#<month> sk=FINAL#<record version> if not exists
//     the notice that open appeals hold finalisation, once per set of open appeals
//                                                 → Put      pk=RUN#<month> sk=HELD#<digest> if not exists
//     (outbox claims, like a report's)
// 16. appeals (lifecycle.md "Appeals")
//     an engineer-month's appeals                 → Query    pk=ENG#<e> sk begins_with M#<month>#APPEAL#
//     … of the months "my month" shows            → that Query once per month (7, at once)
//     appeal by id                                → Query    gsi1 gsi1pk=APPEALS gsi1sk=<id>
//     a month's appeals (list, team summary)      → Query    gsi2 gsi2pk=APPEALS#<month> gsi2sk=<e>#<filedAt>
//     (opened in ONE transaction with `openAppeals.<e>` on the month's record, conditional on the month being
//     provisional and no other open appeal; resolved with the REMOVE of it)
//     its emails waiting for the notifier         → Put      pk=ALERTS#PENDING sk=APPEAL#<id>#FILED|RESOLVED
//     (in the same transaction as the filing / the outcome)
//     their outbox claims (once)                  → Put      pk=APPEAL#<id> sk=FILED|RESOLVED if not exists
// 17. the team's trend (console overview): per month, the totals its last sent summary showed, summed by region
//                                                 → Update   pk=ORG sk=TREND SET #<month> = totals (in the
//                                                   transaction that records what the summary showed)
//                                                 → GetItem  pk=ORG sk=TREND projected to the months shown
import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

const ATTR = {
  pk: 'pk',
  sk: 'sk',
  gsi1pk: 'gsi1pk',
  gsi1sk: 'gsi1sk',
  gsi2pk: 'gsi2pk',
  gsi2sk: 'gsi2sk',
  /** Names the entity type of an item, for debugging and exports. */
  type: 'type',
  /**
   * A latest card's glance (shared/domain/cardAtAGlance.ts): derived from the card when it is stored, for the
   * month overview's projected read; not part of the card record.
   */
  atAGlance: 'atAGlance',
} as const;

export const INDEX = {
  /** Collections and lookup by id. */
  byCollection: 'gsi1',
  /** Per-month lists and the sparse list of active engineers. */
  byMonth: 'gsi2',
} as const;

/** The table as data: CDK and the emulator both derive from this. */
export const TABLE = {
  partitionKey: { name: ATTR.pk, type: 'S' },
  sortKey: { name: ATTR.sk, type: 'S' },
  globalSecondaryIndexes: [
    {
      indexName: INDEX.byCollection,
      partitionKey: { name: ATTR.gsi1pk, type: 'S' },
      sortKey: { name: ATTR.gsi1sk, type: 'S' },
    },
    {
      indexName: INDEX.byMonth,
      partitionKey: { name: ATTR.gsi2pk, type: 'S' },
      sortKey: { name: ATTR.gsi2sk, type: 'S' },
    },
  ],
  /** No TTL attribute: evidence is kept. */
  timeToLiveAttribute: undefined as string | undefined,
} as const;

/** The CreateTable request for the table named `tableName` (on-demand billing, all attributes projected). */
export function createTableInput(tableName: string): CreateTableCommandInput {
  const attrs = new Map<string, 'S'>();
  const add = (a: { name: string; type: 'S' }) => attrs.set(a.name, a.type);
  add(TABLE.partitionKey);
  add(TABLE.sortKey);
  for (const g of TABLE.globalSecondaryIndexes) {
    add(g.partitionKey);
    add(g.sortKey);
  }
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attrs].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey.name, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey.name, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((g) => ({
      IndexName: g.indexName,
      KeySchema: [
        { AttributeName: g.partitionKey.name, KeyType: 'HASH' },
        { AttributeName: g.sortKey.name, KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    })),
  };
}

export interface Key {
  pk: string;
  sk: string;
}

const pad = (n: number) => String(n).padStart(6, '0');

/** Key builders, one per entity. Ids are validated by `entityId` (no `#`), so keys cannot collide. */
export const keys = {
  organisation: (): Key => ({ pk: 'ORG', sk: 'SETTINGS' }),
  /** The team's trend: one attribute per month, the region totals of its last sent summary. */
  teamTrend: (): Key => ({ pk: 'ORG', sk: 'TREND' }),

  engineer: (engineerId: string): Key => ({ pk: `ENG#${engineerId}`, sk: 'PROFILE' }),
  engineersCollection: 'ENGINEERS',
  activeEngineersCollection: 'ENGINEERS#ACTIVE',

  respondent: (respondentId: string): Key => ({ pk: `RESP#${respondentId}`, sk: 'PROFILE' }),
  respondentsCollection: 'RESPONDENTS',

  engineerPartition: (engineerId: string): string => `ENG#${engineerId}`,

  project: (engineerId: string, projectId: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `PROJECT#${projectId}`,
  }),
  projectPrefix: 'PROJECT#',
  /** Which engineer holds a project: makes ids unique (conditional create) and lookup by id consistent. */
  projectOwner: (projectId: string): Key => ({ pk: `PROJECT#${projectId}`, sk: 'ID' }),
  projectsCollection: 'PROJECTS',

  /** Dated facts sort by date so one BETWEEN query reads a month plus its neighbouring weeks. */
  datedPrefix: (date: string) => `D#${date}`,
  /** Upper bound of a BETWEEN over dated facts up to and including `date`. */
  datedUpperBound: (date: string) => `D#${date}~`,
  dailyReport: (engineerId: string, date: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `D#${date}#REPORT`,
  }),
  dailyReportRevision: (engineerId: string, date: string, revision: number): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `DREV#${date}#${pad(revision)}`,
  }),
  dailyReportRevisionPrefix: (date: string) => `DREV#${date}#`,
  /** The days an engineer filed a report for in a month, each with its first submission time. */
  reportDays: (engineerId: string, month: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `M#${month}#REPORTDAYS`,
  }),
  followUpVisit: (engineerId: string, date: string, visitId: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `D#${date}#VISIT#${visitId}`,
  }),
  complaint: (engineerId: string, date: string, complaintId: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `D#${date}#COMPLAINT#${complaintId}`,
  }),
  complaintsCollection: 'COMPLAINTS',
  successStory: (engineerId: string, date: string, storyId: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `D#${date}#STORY#${storyId}`,
  }),
  storiesCollection: 'STORIES',
  /** Keyed by the UTC date of dueAt; the month query's ±4 day margin covers every time zone. */
  supportRequest: (engineerId: string, dueUtcDate: string, requestId: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `D#${dueUtcDate}#REQUEST#${requestId}`,
  }),
  requestsCollection: 'REQUESTS',

  /** Monthly facts the scorer reads: one begins_with query. */
  monthFactsPrefix: (month: string) => `M#${month}#F#`,
  examScore: (engineerId: string, month: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `M#${month}#F#EXAM`,
  }),
  verdict: (engineerId: string, month: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `M#${month}#F#VERDICT`,
  }),
  override: (engineerId: string, month: string, indicator: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `M#${month}#F#OVERRIDE#${indicator}`,
  }),
  surveyResponse: (engineerId: string, month: string, invitationId: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `M#${month}#F#RESPONSE#${invitationId}`,
  }),
  /** gsi2 attributes of a response item: a month's responses are one Query. */
  surveyResponseMonthList: (month: string, invitationId: string) => ({
    gsi2pk: `RESPONSES#${month}`,
    gsi2sk: invitationId,
  }),

  invitation: (invitationId: string): Key => ({ pk: `INV#${invitationId}`, sk: 'INVITATION' }),
  /** The outbox claim of the invitation's email, so two runs at once send it once. */
  invitationSent: (invitationId: string): Key => ({ pk: `INV#${invitationId}`, sk: 'SENT' }),
  /** The outbox claim of the invitation's one reminder. */
  invitationReminded: (invitationId: string): Key => ({ pk: `INV#${invitationId}`, sk: 'REMINDED' }),
  /** The outbox claim of one resend by a manager (the request's id: the same form posted twice sends once). */
  invitationResent: (invitationId: string, requestId: string): Key => ({
    pk: `INV#${invitationId}`,
    sk: `RESENT#${requestId}`,
  }),
  /** The outbox claim of the low-score alert of one answer revision. */
  lowScoreAlertSent: (invitationId: string, revision: number): Key => ({
    pk: `INV#${invitationId}`,
    sk: `ALERTED#${pad(revision)}`,
  }),
  /** A low-score alert waiting for the notifier (one partition: alerts are rare and short-lived). */
  pendingLowScoreAlert: (invitationId: string, revision: number): Key => ({
    pk: PENDING_ALERTS_PARTITION,
    sk: `${invitationId}#${pad(revision)}`,
  }),
  /** Uniqueness marker: one invitation per respondent × engineer × month. */
  invitationMarker: (engineerId: string, month: string, respondentId: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `M#${month}#INVITE#${respondentId}`,
  }),

  scoreCardRevision: (engineerId: string, month: string, revision: number): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `M#${month}#SCORECARD#R${pad(revision)}`,
  }),
  scoreCardRevisionPrefix: (month: string) => `M#${month}#SCORECARD#R`,
  scoreCardLatest: (engineerId: string, month: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `M#${month}#SCORECARD#LATEST`,
  }),
  /** Written with attribute_not_exists before sending, so one revision is emailed at most once. */
  scoreCardEmailed: (engineerId: string, month: string, revision: number): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `M#${month}#EMAILED#${pad(revision)}`,
  }),
  /** What the month's last sent team summary showed (a revised one says who changed since). */
  runSummary: (month: string): Key => ({ pk: `RUN#${month}`, sk: 'SUMMARY' }),
  runDispatch: (month: string): Key => ({ pk: `RUN#${month}`, sk: 'DISPATCH' }),
  runOutcome: (month: string, runId: string, engineerId: string): Key => ({
    pk: `RUN#${month}`,
    sk: `OUT#${runId}#${engineerId}`,
  }),
  runOutcomePrefix: (runId: string) => `OUT#${runId}#`,
  runSummarySent: (month: string, digest: string): Key => ({ pk: `RUN#${month}`, sk: `SUMMARY#${digest}` }),
  /** The outbox claim of the one "final" team summary of the finalisation that made record `version`. */
  finalSummarySent: (month: string, version: number): Key => ({
    pk: `RUN#${month}`,
    sk: `FINAL#${pad(version)}`,
  }),
  /** The outbox claim of the notice that the appeals of `digest` (a set of open appeals) hold finalisation. */
  finalisationHeldSent: (month: string, digest: string): Key => ({
    pk: `RUN#${month}`,
    sk: `HELD#${digest}`,
  }),
  /** The month's lifecycle record. */
  month: (month: string): Key => ({ pk: `MONTH#${month}`, sk: 'STATE' }),
  /** An entry of the record of changes: under the engineer-month it belongs to, or under the month. */
  auditEntry: (month: string, engineerId: string | undefined, at: string, id: string): Key =>
    engineerId
      ? { pk: `ENG#${engineerId}`, sk: `M#${month}#AUDIT#${at}#${id}` }
      : { pk: `MONTH#${month}`, sk: `AUDIT#${at}#${id}` },
  auditPrefix: (month: string) => `M#${month}#AUDIT#`,
  /** An appeal, under the engineer-month it questions. */
  appeal: (engineerId: string, month: string, appealId: string): Key => ({
    pk: `ENG#${engineerId}`,
    sk: `M#${month}#APPEAL#${appealId}`,
  }),
  appealPrefix: (month: string) => `M#${month}#APPEAL#`,
  appealsCollection: 'APPEALS',
  /** An appeal's email waiting for the notifier (`FILED`: to the manager; `RESOLVED`: to the engineer). */
  pendingAppealNotice: (appealId: string, event: AppealNoticeEvent): Key => ({
    pk: PENDING_ALERTS_PARTITION,
    sk: `${PENDING_APPEAL_PREFIX}${appealId}#${event}`,
  }),
  /** The outbox claim of an appeal's email. */
  appealNoticeSent: (appealId: string, event: AppealNoticeEvent): Key => ({
    pk: `${APPEAL_PARTITION_PREFIX}${appealId}`,
    sk: event,
  }),
  /** Per-month lists on gsi2. */
  monthList: (kind: MonthListKind, month: string) => `${kind}#${month}`,
} as const;

/** The partition of low-score alerts waiting to be sent: the notifier's stream filter names it. */
export const PENDING_ALERTS_PARTITION = 'ALERTS#PENDING';

/** The sort-key prefix of an appeal's waiting email in the waiting-alerts partition. */
export const PENDING_APPEAL_PREFIX = 'APPEAL#';
/** The partitions of appeals' outbox claims. */
export const APPEAL_PARTITION_PREFIX = 'APPEAL#';
export type AppealNoticeEvent = 'FILED' | 'RESOLVED';

/**
 * The partitions that hold outbox claims (a report revision's, a summary's; an invitation's, reminder's, alerts';
 * an appeal's emails).
 */
export const OUTBOX_PARTITION_PREFIXES = ['ENG#', 'RUN#', 'INV#', APPEAL_PARTITION_PREFIX] as const;

export type MonthListKind =
  | 'COMPLAINTS'
  | 'REQUESTS'
  | 'STORIES'
  | 'EXAMS'
  | 'VERDICTS'
  | 'OVERRIDES'
  | 'INVITATIONS'
  | 'RESPONSES'
  | 'SCORECARDS'
  | 'VISITS'
  | 'AUDIT'
  | 'APPEALS'
  | 'REPORTDAYS';

/** Entity type names written to the `type` attribute. */
export const ENTITY = {
  organisation: 'Organisation',
  engineer: 'Engineer',
  respondent: 'Respondent',
  project: 'Project',
  projectOwner: 'ProjectOwner',
  dailyReport: 'DailyReport',
  dailyReportRevision: 'DailyReportRevision',
  reportDays: 'ReportDays',
  followUpVisit: 'FollowUpVisit',
  complaint: 'Complaint',
  successStory: 'SuccessStory',
  supportRequest: 'SupportRequest',
  examScore: 'ExamScore',
  verdict: 'Verdict',
  override: 'Override',
  invitation: 'Invitation',
  invitationMarker: 'InvitationMarker',
  invitationSent: 'InvitationSent',
  invitationReminded: 'InvitationReminded',
  invitationResent: 'InvitationResent',
  surveyResponse: 'SurveyResponse',
  pendingLowScoreAlert: 'PendingLowScoreAlert',
  lowScoreAlertSent: 'LowScoreAlertSent',
  scoreCard: 'ScoreCard',
  scoreCardLatest: 'ScoreCardLatest',
  scoreCardEmailed: 'ScoreCardEmailed',
  runSummary: 'RunSummary',
  summaryShown: 'SummaryShown',
  teamTrend: 'TeamTrend',
  runDispatch: 'RunDispatch',
  runOutcome: 'RunOutcome',
  finalSummary: 'FinalSummary',
  finalisationHeld: 'FinalisationHeld',
  month: 'Month',
  auditEntry: 'AuditEntry',
  appeal: 'Appeal',
  pendingAppealNotice: 'PendingAppealNotice',
  appealNoticeSent: 'AppealNoticeSent',
} as const;

/** The key attributes and bookkeeping a repository strips before parsing an item with its domain schema. */
export const KEY_ATTRIBUTES: readonly string[] = Object.values(ATTR);
