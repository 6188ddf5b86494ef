// The low-score alert when SES cannot take it (an endpoint answering 503): the alert was attempted, and the
// respondent's answer is stored and confirmed all the same; an answer without a low rating attempts nothing.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findSurveyResponse } from '../../../shared/storage/survey.ts';
import { useStack } from '../../support/stack.ts';
import { answerSurvey } from './support.ts';

let attempts = 0;
let failingSes: Server;
beforeAll(async () => {
  failingSes = createServer((req, res) => {
    attempts++;
    req.resume();
    res.writeHead(503, { 'content-type': 'application/json' }).end('{"message":"Service Unavailable"}');
  });
  await new Promise<void>((r) => failingSes.listen(0, '127.0.0.1', r));
  // Before the handlers read their configuration.
  process.env.SES_ENDPOINT = `http://127.0.0.1:${(failingSes.address() as AddressInfo).port}`;
});
afterAll(async () => {
  failingSes.closeAllConnections();
  await new Promise((r) => failingSes.close(r));
});
const stack = useStack();

describe('low-score alert with SES failing', () => {
  it('keeps and confirms the answer when the alert cannot be sent', async () => {
    const { url, invitation } = await stack.surveyCase({ language: 'en' });
    expect(await answerSurvey(url, [1, 1, 2, 3, 3], 'never called back')).toBe(200);
    expect(attempts).toBeGreaterThan(0);
    const stored = await findSurveyResponse(stack.storage, invitation);
    expect(stored).toMatchObject({ revision: 1, comment: 'never called back' });
    expect(Object.values(stored!.ratings).sort()).toEqual([1, 1, 2, 3, 3]);
  });

  it('attempts no alert for an answer without a rating of 1 or 2', async () => {
    const { url } = await stack.surveyCase({ language: 'zh-CN' });
    const before = attempts;
    expect(await answerSurvey(url, [3, 3, 4, 5, 3])).toBe(200);
    expect(attempts).toBe(before);
  });
});
