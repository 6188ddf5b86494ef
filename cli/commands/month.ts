// `kpi invite MONTH`, `kpi remind MONTH`, `kpi run-month MONTH [--dry-run] [--no-email]`: the monthly jobs on
// demand against the local stack that `npm start` runs (endpoints, table and link key from .data/local.json),
// with a progress bar on stderr and a one-paragraph summary on stdout.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import * as z from 'zod';
import { standInEvidence } from '#local/sesEvidence.ts';
import { monthId } from '#shared/domain/common.ts';
import { mailConfigFromEnvironment } from '#shared/mail/config.ts';
import { createSesClient } from '#shared/mail/send.ts';
import { type PipelineContext, pipelineContext } from '#shared/pipeline/context.ts';
import {
  type InvitationRunReport,
  type ReminderRunReport,
  sendInvitations,
  sendReminders,
} from '#shared/pipeline/invitations.ts';
import { type MonthRunReport, runMonth } from '#shared/pipeline/runMonth.ts';
import { countEn } from '#shared/plural.ts';
import { createStorage } from '#shared/storage/client.ts';
import { parseWith } from '#shared/validation.ts';
import { UsageError } from '../support/errors.ts';

/** The part of .data/local.json these commands need (written by `npm start`, local/start.ts). */
const localStack = z.object({
  apiUrl: z.url(),
  sesEndpoint: z.url(),
  /** When the stand-in started (absent in a local.json of an older `npm start`: no proof of absence then). */
  sesStartedAt: z.iso.datetime().optional(),
  dynamoEndpoint: z.url(),
  tableName: z.string().min(1),
});

const monthArgument = z.object({ month: monthId });

function parseMonth(month: unknown): string {
  return parseWith(monthArgument, { month }).month;
}

/**
 * The pipeline context of the running local stack.
 * 1. Read DATA_DIR/local.json (a one-line usage error when `npm start` has not written it).
 * 2. Point the link key at DATA_DIR/link-key and the mail at the SES stand-in, before the configuration is read.
 */
function localPipelineContext(dataDir = process.env.DATA_DIR ?? '.data'): {
  ctx: PipelineContext;
  close(): void;
} {
  const file = join(dataDir, 'local.json');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    throw new UsageError(`${file} not found or unreadable: start the local stack with \`npm start\` first`);
  }
  const parsed = localStack.safeParse(raw);
  if (!parsed.success) {
    throw new UsageError(`${file} does not name the local endpoints; restart \`npm start\``);
  }
  const local = parsed.data;
  process.env.LINK_KEY_FILE ||= resolve(dataDir, 'link-key');
  process.env.SES_ENDPOINT ||= local.sesEndpoint;
  const storage = createStorage({ tableName: local.tableName, endpoint: local.dynamoEndpoint });
  const ses = createSesClient({ endpoint: local.sesEndpoint });
  const ctx = pipelineContext({
    storage,
    ses,
    mail: mailConfigFromEnvironment(),
    publicBaseUrl: local.apiUrl,
    evidence: standInEvidence(
      local.sesEndpoint,
      local.sesStartedAt ? new Date(local.sesStartedAt) : undefined,
    ),
  });
  return {
    ctx,
    close: () => {
      storage.doc.destroy();
      ses.destroy();
    },
  };
}

/** A progress bar on stderr (drawn only on a terminal), fed with (done, total). */
function progressBar(label: string): { update(done: number, total: number): void; stop(): void } {
  const bar = new SingleBar({
    stream: process.stderr,
    format: `${label} [{bar}] {value}/{total}`,
    hideCursor: true,
    clearOnComplete: false,
  });
  let started = false;
  return {
    update(done, total) {
      if (!started) {
        bar.start(total, done);
        started = true;
      } else {
        bar.setTotal(total);
        bar.update(done);
      }
    },
    stop() {
      if (started) bar.stop();
    },
  };
}

export function invitationSummary(r: InvitationRunReport): string {
  const lines = [
    `invitations ${r.month}: ${countEn(r.pairs, 'respondent × engineer pair', 'respondent × engineer pairs')} — created ${r.created}, sent ${r.sent}, already sent ${r.skipped}, already answered ${r.answered}, failed ${r.failed.length}, in doubt ${r.inDoubt.length}`,
    ...r.failed.map((f) => `  failed ${f.invitationId}: ${f.reason} (sent by the next run)`),
    ...r.inDoubt.map((d) => `  in doubt ${d.invitationId}: ${d.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

function reminderSummary(r: ReminderRunReport): string {
  const lines = [
    `reminders ${r.month}: ${countEn(r.invitations, 'invitation', 'invitations')} — reminded ${r.reminded}, skipped ${r.skipped} (answered, reminded before or closed), failed ${r.failed.length}, in doubt ${r.inDoubt.length}`,
    ...r.failed.map((f) => `  failed ${f.invitationId}: ${f.reason} (sent by the next run)`),
    ...r.inDoubt.map((d) => `  in doubt ${d.invitationId}: ${d.reason}`),
  ];
  return `${lines.join('\n')}\n`;
}

export function monthRunSummary(r: MonthRunReport): string {
  const head = r.dryRun
    ? `run-month ${r.month} (dry run, nothing stored or sent): ${countEn(r.engineers, 'engineer', 'engineers')} — scored ${r.scored}, would change ${r.changed}, unchanged ${r.unchanged}, failed ${r.failed.length}`
    : `run-month ${r.month}: ${countEn(r.engineers, 'engineer', 'engineers')} — scored ${r.scored}, emailed ${r.emailed}, unchanged ${r.unchanged}, failed ${r.failed.length}, in doubt ${r.inDoubt.length}`;
  const summary = r.dryRun
    ? []
    : [
        r.summarySent
          ? 'team summary sent to the department manager'
          : r.summaryHeld
            ? `team summary held: ${r.inDoubt.length || 'some'} report(s) in doubt (sent by the run that resolves them)`
            : r.summaryInDoubt
              ? 'team summary in doubt: handed to SES, its answer not recorded (a run after 5 minutes resolves it)'
              : r.summaryError
                ? `team summary not sent: ${r.summaryError} (sent by the next run)`
                : 'team summary: nothing new to send',
      ];
  return `${[
    head,
    ...summary,
    ...r.failed.map((f) => `  failed ${f.engineerId}: ${f.reason}`),
    ...r.inDoubt.map((d) => `  in doubt ${d.engineerId} (${d.engineerName}): ${d.reason}`),
  ].join('\n')}\n`;
}

/** Exit 1 when anything is not done: a parked engineer, a report or the summary in doubt, a held summary. */
function monthRunFailed(r: MonthRunReport): boolean {
  return r.failed.length > 0 || r.inDoubt.length > 0 || r.summaryHeld || r.summaryInDoubt;
}

async function withLocalContext<T>(work: (ctx: PipelineContext) => Promise<T>): Promise<T> {
  const { ctx, close } = localPipelineContext();
  try {
    return await work(ctx);
  } finally {
    close();
  }
}

export function monthCommands(): Command[] {
  const invite = new Command('invite')
    .description("send the month's survey invitations (skips pairs already invited) on the local stack")
    .argument('<month>', 'the month, YYYY-MM')
    .action(async (month: string) => {
      const m = parseMonth(month);
      const bar = progressBar('invitations');
      const report = await withLocalContext((ctx) =>
        sendInvitations(ctx, { month: m, onProgress: bar.update }).finally(bar.stop),
      );
      process.stdout.write(invitationSummary(report));
      if (report.failed.length > 0 || report.inDoubt.length > 0) process.exitCode = 1;
    });

  const remind = new Command('remind')
    .description('send one reminder to each unanswered survey invitation of the month on the local stack')
    .argument('<month>', 'the month, YYYY-MM')
    .action(async (month: string) => {
      const m = parseMonth(month);
      const bar = progressBar('reminders');
      const report = await withLocalContext((ctx) =>
        sendReminders(ctx, { month: m, onProgress: bar.update }).finally(bar.stop),
      );
      process.stdout.write(reminderSummary(report));
      if (report.failed.length > 0 || report.inDoubt.length > 0) process.exitCode = 1;
    });

  const run = new Command('run-month')
    .description('score every active engineer for the month, store the cards, email reports and the summary')
    .argument('<month>', 'the month, YYYY-MM')
    .option('--dry-run', 'score and compare with the stored cards; store and send nothing')
    .option('--no-email', 'store the cards but email nothing (a later run sends them)')
    .action(async (month: string, options: { dryRun?: boolean; email: boolean }) => {
      const m = parseMonth(month);
      const bar = progressBar('engineers');
      const report = await withLocalContext((ctx) =>
        runMonth(ctx, {
          month: m,
          dryRun: options.dryRun ?? false,
          email: options.email,
          onProgress: bar.update,
        }).finally(bar.stop),
      );
      process.stdout.write(monthRunSummary(report));
      if (monthRunFailed(report)) process.exitCode = 1;
    });

  return [invite, remind, run];
}
