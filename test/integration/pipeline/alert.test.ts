// The low-score alert through an SES outage. SES is the stand-in behind a switch: it refuses every call
// (throttling, 429: SES provably took nothing) or answers 503 (SES may have taken it: in doubt). Either way the
// respondent's answer is stored and confirmed without touching SES, the alert stays waiting, and once SES is
// back it is sent exactly once however often the notifier looks. An answer without a low rating attempts nothing.
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { standInEvidence } from '../../../local/sesEvidence.ts';
import { IN_FLIGHT_MS } from '../../../shared/outbox/outbox.ts';
import { keys } from '../../../shared/storage/keys.ts';
import { findPendingLowScoreAlert } from '../../../shared/storage/lowScoreAlerts.ts';
import { findSurveyResponse } from '../../../shared/storage/survey.ts';
import { emailsTo, useSesLocal } from '../../support/ses.ts';
import { useStack } from '../../support/stack.ts';
import { answerSurvey } from './support.ts';

const MANAGER = 'manager@example.com';
const standIn = useSesLocal();
let mode: 'up' | 'refusing' | 'failing' = 'up';
let attempts = 0;
let sesSwitch: Server;
beforeAll(async () => {
  sesSwitch = createServer((req, res) => {
    attempts++;
    if (mode !== 'up') {
      req.resume();
      const [status, type] =
        mode === 'refusing' ? [429, 'TooManyRequestsException'] : [503, 'InternalFailure'];
      res
        .writeHead(status, { 'content-type': 'application/json', 'x-amzn-errortype': type })
        .end('{"message":"SES is unavailable"}');
      return;
    }
    const forward = request(
      new URL(req.url ?? '/', standIn.ses.url),
      { method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    req.pipe(forward);
  });
  await new Promise<void>((r) => sesSwitch.listen(0, '127.0.0.1', r));
  // Before the handlers and the notifier read their configuration.
  process.env.SES_ENDPOINT = `http://127.0.0.1:${(sesSwitch.address() as AddressInfo).port}`;
});
afterAll(async () => {
  sesSwitch.closeAllConnections();
  await new Promise((r) => sesSwitch.close(r));
});
const stack = useStack();

/** Answers with a low rating while SES is down: stored at once, no SES call in the request. */
async function lowAnswerDuringOutage(comment: string) {
  const survey = await stack.surveyCase({ language: 'en' });
  const before = attempts;
  expect(await answerSurvey(survey.url, [1, 1, 2, 3, 3], comment)).toBe(200);
  expect(attempts).toBe(before);
  const stored = await findSurveyResponse(stack.storage, survey.invitation);
  expect(stored).toMatchObject({ revision: 1, comment });
  expect(Object.values(stored!.ratings).sort()).toEqual([1, 1, 2, 3, 3]);
  return { ...survey, waiting: keys.pendingLowScoreAlert(survey.invitation.id, 1) };
}

const alertsAbout = async (engineerName: string) =>
  (await emailsTo(standIn.ses.url, MANAGER)).filter((e) => e.text.includes(engineerName));

describe('low-score alert with SES down', () => {
  it('keeps the alert while SES refuses it and sends it once SES takes emails again', async () => {
    mode = 'refusing';
    const { engineer, waiting } = await lowAnswerDuringOutage('never called back');
    const before = attempts;
    expect(await stack.sendWaitingAlerts()).toEqual({ outcomes: [], failed: 1 });
    expect(attempts).toBeGreaterThan(before);
    expect(await findPendingLowScoreAlert(stack.storage, waiting)).toMatchObject({ revision: 1 });

    mode = 'up';
    expect((await stack.sendWaitingAlerts()).outcomes).toEqual([{ state: 'sent' }]);
    expect((await stack.sendWaitingAlerts()).outcomes).toEqual([]);
    const alerts = await alertsAbout(engineer.name);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.text).toContain('never called back');
    expect(await findPendingLowScoreAlert(stack.storage, waiting)).toBeUndefined();
  });

  it('keeps an alert whose send is in doubt until the evidence shows SES has nothing, then sends it once', async () => {
    mode = 'failing';
    const { engineer, waiting } = await lowAnswerDuringOutage('no show');
    const [first] = (await stack.sendWaitingAlerts()).outcomes;
    expect(first).toMatchObject({ state: 'in-doubt' });
    expect(await findPendingLowScoreAlert(stack.storage, waiting)).toBeDefined();

    mode = 'up';
    const evidence = standInEvidence(standIn.ses.url, standIn.ses.startedAt);
    // Still within the time a send may be in flight: not decided yet, nothing sent twice.
    expect((await stack.sendWaitingAlerts({ evidence })).outcomes).toMatchObject([{ state: 'in-doubt' }]);
    const later = () => new Date(Date.now() + IN_FLIGHT_MS + 60_000);
    expect((await stack.sendWaitingAlerts({ evidence, now: later })).outcomes).toEqual([{ state: 'sent' }]);
    expect((await stack.sendWaitingAlerts({ evidence, now: later })).outcomes).toEqual([]);
    expect(await alertsAbout(engineer.name)).toHaveLength(1);
  });

  it('attempts no alert for an answer without a rating of 1 or 2', async () => {
    mode = 'refusing';
    const { url } = await stack.surveyCase({ language: 'zh-CN' });
    const before = attempts;
    expect(await answerSurvey(url, [3, 3, 4, 5, 3])).toBe(200);
    expect(await stack.sendWaitingAlerts()).toEqual({ outcomes: [], failed: 0 });
    expect(attempts).toBe(before);
  });
});
