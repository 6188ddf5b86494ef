// The local notifier: what DynamoDB Streams and the notifier function (functions/low-score-alert) do on AWS.
// While `npm start` runs it looks for waiting low-score alerts and appeal emails every two seconds and sends each
// through the same use case as the function, with the stand-in's store as the evidence for a send left in doubt.
// One that fails (the stand-in down) stays waiting and is sent on a later look.
import { config } from '../shared/config.ts';
import { mailConfigFromEnvironment } from '../shared/mail/config.ts';
import type { SendEvidence } from '../shared/outbox/outbox.ts';
import { pipelineContext } from '../shared/pipeline/context.ts';
import { type AlertOutcome, deliverLowScoreAlert } from '../shared/pipeline/lowScoreAlert.ts';
import type { Storage } from '../shared/storage/client.ts';
import { listPendingLowScoreAlerts } from '../shared/storage/lowScoreAlerts.ts';

export interface AlertRound {
  /** One outcome per waiting alert looked at. */
  outcomes: AlertOutcome[];
  /** Alerts that could not be sent now (they stay waiting). */
  failed: number;
}

export interface LocalNotifierOptions {
  storage: Storage;
  now?: () => Date;
  evidence?: SendEvidence | undefined;
}

/** Sends every waiting alert once; a failure is counted, not thrown, so the others still go. */
export async function sendWaitingAlerts(options: LocalNotifierOptions): Promise<AlertRound> {
  const ctx = {
    ...pipelineContext({
      storage: options.storage,
      mail: mailConfigFromEnvironment(),
      now: options.now,
      evidence: options.evidence,
    }),
    fallbackRecipient: config().departmentManagerEmail,
  };
  const round: AlertRound = { outcomes: [], failed: 0 };
  for (const key of await listPendingLowScoreAlerts(options.storage)) {
    try {
      round.outcomes.push(await deliverLowScoreAlert(ctx, key));
    } catch {
      round.failed++;
    }
  }
  return round;
}

interface LocalNotifier {
  stop(): Promise<void>;
}

export function startLocalNotifier(
  options: LocalNotifierOptions & { intervalMs?: number; log?: (line: string) => void },
): LocalNotifier {
  const log = options.log ?? ((line: string) => console.log(line));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const look = async () => {
    try {
      const { outcomes, failed } = await sendWaitingAlerts(options);
      const sent = outcomes.filter((o) => o.state === 'sent').length;
      const inDoubt = outcomes.filter((o) => o.state === 'in-doubt').length;
      if (sent + failed + inDoubt > 0) {
        log(`notifier: alerts and appeal emails sent ${sent}, failed ${failed} (kept), in doubt ${inDoubt}`);
      }
    } catch (error) {
      log(`notifier: cannot read waiting alerts: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!stopped) timer = setTimeout(() => (running = look()), options.intervalMs ?? 2000);
  };
  running = look();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
