// Every Lambda function of the stack, in one explicit list: its handler module, what triggers it (HTTP routes,
// a schedule, the scoring queue) and exactly the rights it needs. The stack builds each entry the same way;
// an entry is added here when its handler lands in functions/ (a missing file fails synth loudly).
import { Duration } from 'aws-cdk-lib';
import type { HttpRouteDeclaration } from './constructs/httpApi.ts';
import type { ScheduledJob } from './constructs/schedules.ts';

export interface FunctionDeclaration {
  /** Construct id; also names the alarm and the log group. */
  readonly id: string;
  /** Handler module, relative to the project root. */
  readonly entry: string;
  readonly handler?: string;
  readonly description: string;
  readonly memorySize?: number;
  readonly timeout?: Duration;
  readonly routes?: readonly HttpRouteDeclaration[];
  /** The scheduled jobs that invoke it. */
  readonly schedules?: readonly ScheduledJob[];
  /** Consumes the scoring queue (SQS event source with partial batch responses). */
  readonly consumesScoringQueue?: boolean;
  /** Receives SES's sending events of the configuration set (EventBridge default bus). */
  readonly consumesSendingEvents?: boolean;
  /** Invoked by the pipe from the table's stream, one waiting low-score alert at a time. */
  readonly consumesWaitingAlerts?: boolean;
  readonly grants: {
    /**
     * `confirm`: UpdateItem only, on the outbox claims' partitions (confirms a claim, nothing else).
     * `notify`: reads items (no index), and writes only the alert claims' and the waiting alerts' partitions.
     */
    readonly table?: 'ro' | 'rw' | 'confirm' | 'notify';
    /** Reads the link-signing key (signs or checks form links). */
    readonly linkKey?: boolean;
    /** Sends email through SES. */
    readonly email?: boolean;
    /** Sends messages to the scoring queue. */
    readonly scoringQueue?: boolean;
    /** Needs the public base URL (puts form links into emails or responses). */
    readonly publicUrl?: boolean;
    /** Signs managers in to the console: the Cognito issuer and app client id. */
    readonly consoleSignIn?: boolean;
  };
  /** Files (relative to the project root) its handler reads at run time, copied beside the bundle. */
  readonly bundledFiles?: readonly string[];
}

export const surveyForm: FunctionDeclaration = {
  id: 'SurveyForm',
  entry: 'functions/survey-form/handler.ts',
  description:
    'Survey form (GET renders, POST stores a response; a low rating is stored with its alert waiting) and appeal page',
  routes: [
    { path: '/s/{token}', methods: ['GET', 'POST'], auth: 'public' },
    { path: '/a/{token}', methods: ['GET', 'POST'], auth: 'public' },
  ],
  grants: { table: 'rw', linkKey: true },
};

export const dailyReport: FunctionDeclaration = {
  id: 'DailyReport',
  entry: 'functions/daily-report/handler.ts',
  description: "Engineer's daily report form and JSON endpoint",
  routes: [{ path: '/r/{token}', methods: ['GET', 'POST'], auth: 'public' }],
  grants: { table: 'rw', linkKey: true },
};

/** The engineer's own page behind the daily-report link: it only reads. */
export const myMonth: FunctionDeclaration = {
  id: 'MyMonth',
  entry: 'functions/my-month/handler.ts',
  description: "Engineer's own page, my month (figures so far, last reports, appeals)",
  routes: [{ path: '/r/{token}/month', methods: ['GET'], auth: 'public' }],
  grants: { table: 'ro', linkKey: true },
};

const adminApi: FunctionDeclaration = {
  id: 'AdminApi',
  entry: 'functions/admin-api/handler.ts',
  description: 'Admin JSON API (IAM-authorized)',
  routes: [{ path: '/admin/{proxy+}', methods: ['ANY'], auth: 'iam' }],
  // The scoring queue: finalise and "run a month" dispatch their run as the scheduled dispatcher does.
  grants: { table: 'rw', scoringQueue: true },
};

export const managerConsole: FunctionDeclaration = {
  id: 'Console',
  entry: 'functions/console/handler.ts',
  description: 'Manager console: OpenID Connect sign-in (Cognito), the month overview, and its changes',
  // A page reads a month's stored cards (paged) and the engineers: more than a form, less than a run.
  memorySize: 1024,
  routes: [
    { path: '/console', methods: ['GET'], auth: 'session' },
    { path: '/console/{proxy+}', methods: ['GET', 'POST'], auth: 'session' },
  ],
  // rw: the console's changes are the admin use cases'; linkKey: the session keys are derived from it, and a
  // resent survey invitation carries its signed link; email: the Surveys page resends one invitation through the
  // outbox; publicUrl: the callback URL registered with the app client, and the resent link's base; scoringQueue:
  // the month actions (run, finalise) dispatch their run as the admin API does.
  grants: {
    table: 'rw',
    linkKey: true,
    email: true,
    publicUrl: true,
    consoleSignIn: true,
    scoringQueue: true,
  },
  bundledFiles: ['node_modules/echarts/dist/echarts.simple.min.js'],
};

export const invitations: FunctionDeclaration = {
  id: 'Invitations',
  entry: 'functions/invitations/handler.ts',
  description: 'Monthly survey invitations (scheduled)',
  // One email per respondent × engineer at the SES rate; a run cut short is finished by the scheduler's retry.
  timeout: Duration.minutes(15),
  schedules: ['invitations'],
  grants: { table: 'rw', linkKey: true, email: true, publicUrl: true },
};

export const reminder: FunctionDeclaration = {
  id: 'Reminder',
  entry: 'functions/reminder/handler.ts',
  description: 'One reminder per unanswered survey invitation (scheduled)',
  timeout: Duration.minutes(15),
  schedules: ['reminder'],
  grants: { table: 'rw', linkKey: true, email: true, publicUrl: true },
};

const monthlyDispatch: FunctionDeclaration = {
  id: 'MonthlyDispatch',
  entry: 'functions/monthly-dispatch/handler.ts',
  description:
    'Queues one scoring message per active engineer for the previous month; the finalise job (scheduled)',
  timeout: Duration.minutes(2),
  schedules: ['monthlyScoring', 'finalize'],
  // Email: the finalise job tells the department manager which open appeals hold a month.
  grants: { table: 'rw', scoringQueue: true, email: true },
};

export const scoringWorker: FunctionDeclaration = {
  id: 'ScoringWorker',
  entry: 'functions/scoring-worker/handler.ts',
  description:
    'Scores one engineer-month, stores the card, emails the report; the last one sends the summary',
  memorySize: 1024,
  timeout: Duration.minutes(1),
  consumesScoringQueue: true,
  // The provisional report carries the signed appeal link.
  grants: { table: 'rw', email: true, linkKey: true, publicUrl: true },
};

const sendEvents: FunctionDeclaration = {
  id: 'SendEvents',
  entry: 'functions/send-events/handler.ts',
  description:
    "Confirms each email's outbox claim from SES's sending events (the evidence for sends in doubt)",
  timeout: Duration.seconds(10),
  consumesSendingEvents: true,
  grants: { table: 'confirm' },
};

export const lowScoreAlerts: FunctionDeclaration = {
  id: 'LowScoreAlerts',
  entry: 'functions/low-score-alert/handler.ts',
  description:
    'Emails the department manager each low-score alert the survey form stored (table stream, pipe), once',
  timeout: Duration.seconds(30),
  consumesWaitingAlerts: true,
  grants: { table: 'notify', email: true },
};

/** The functions the stack deploys, each built the same way from its declaration above. */
export const FUNCTIONS: readonly FunctionDeclaration[] = [
  surveyForm,
  dailyReport,
  myMonth,
  adminApi,
  managerConsole,
  invitations,
  reminder,
  monthlyDispatch,
  scoringWorker,
  sendEvents,
  lowScoreAlerts,
];
