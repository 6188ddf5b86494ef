// What `npm start` runs for low-score alerts: the local notifier looks for waiting alerts on its own, so an
// answer with a low rating reaches the manager within seconds of the form being answered, once, with nobody
// calling anything; stopping it waits for a look in progress.
import { setTimeout as sleep } from 'node:timers/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { startLocalNotifier } from '../../../local/notifier.ts';
import { emailsTo, useSesLocal } from '../../support/ses.ts';
import { useStack } from '../../support/stack.ts';
import { answerSurvey } from './support.ts';

const ses = useSesLocal();
beforeAll(() => {
  process.env.SES_ENDPOINT = ses.ses.url;
});
const stack = useStack();

describe('the local notifier', () => {
  it('emails a low answer’s alert by itself, once', async () => {
    const lines: string[] = [];
    const notifier = startLocalNotifier({
      storage: stack.storage,
      intervalMs: 100,
      log: (l) => lines.push(l),
    });
    try {
      const { url, engineer } = await stack.surveyCase({ language: 'en' });
      expect(await answerSurvey(url, [2, 3, 3, 3, 3], 'by itself')).toBe(200);
      const about = async () =>
        (await emailsTo(ses.ses.url, 'manager@example.com')).filter((e) => e.text.includes(engineer.name));
      // Generous: a guard against it never coming, not a speed measurement.
      for (let waited = 0; (await about()).length === 0 && waited < 20_000; waited += 100) await sleep(100);
      await sleep(500);
      expect(await about()).toHaveLength(1);
      expect(lines).toContain('notifier: alerts and appeal emails sent 1, failed 0 (kept), in doubt 0');
    } finally {
      await notifier.stop();
    }
  });
});
