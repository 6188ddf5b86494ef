// Only the one spelling of a link token opens a form. Every other spelling — issue 8's appended `=`, `!`, `~`,
// `*`, `(`, `;`, `!`/`~` inside the signature, `+` for `-`, the unused low bits of the last character — and
// random edits get 403 on the survey form and the daily-report form (page, post, and the scripts' `/r/me`),
// through the real gateway, and write nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { defaultRubric } from '../../../shared/rubric/default.ts';
import { findDailyReport } from '../../../shared/storage/dailyReports.ts';
import { findSurveyResponse } from '../../../shared/storage/survey.ts';
import { useStack } from '../../support/stack.ts';
import { mutatedToken, tokenSpellings } from '../../support/tokenSpellings.ts';

const stack = useStack();

/** The token as a path segment: characters a URL path takes literally stay as typed, the rest percent-encoded. */
function pathSegment(token: string): string {
  return [...token].map((c) => (/[\w\-.~!$&'()*+,;=:@]/.test(c) ? c : encodeURIComponent(c))).join('');
}

const surveyForm = (() => {
  const form = new URLSearchParams();
  for (const q of defaultRubric.survey.questions) form.set(`ratings.${q.key}`, '5');
  return form.toString();
})();

const DAY = new Date().toISOString().slice(0, 10);
const dailyForm = new URLSearchParams({ date: DAY, workDone: 'spelled' }).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

type Attempt = (token: string) => Promise<Response>;

const attempts: Record<string, Attempt> = {
  'GET /s/{token}': (t) => fetch(`${stack.url}/s/${pathSegment(t)}`),
  'POST /s/{token}': (t) =>
    fetch(`${stack.url}/s/${pathSegment(t)}`, { method: 'POST', headers: FORM, body: surveyForm }),
  'GET /r/{token}': (t) => fetch(`${stack.url}/r/${pathSegment(t)}`),
  'POST /r/{token}': (t) =>
    fetch(`${stack.url}/r/${pathSegment(t)}`, { method: 'POST', headers: FORM, body: dailyForm }),
  'GET /r/{token}/month': (t) => fetch(`${stack.url}/r/${pathSegment(t)}/month`),
  'POST /r/me (bearer)': (t) =>
    fetch(`${stack.url}/r/me`, {
      method: 'POST',
      headers: { authorization: `Bearer ${t}`, 'content-type': 'application/json' },
      body: JSON.stringify({ date: DAY, workDone: 'spelled' }),
    }),
};

/** Status of each attempt, a few at a time (the gateway serves them concurrently, as it would a browser's). */
async function statuses(attempt: Attempt, tokens: string[]): Promise<Map<string, number>> {
  const result = new Map<string, number>();
  let next = 0;
  await Promise.all(
    Array.from({ length: 8 }, async () => {
      while (next < tokens.length) {
        const token = tokens[next++]!;
        const res = await attempt(token);
        await res.arrayBuffer();
        result.set(token, res.status);
      }
    }),
  );
  return result;
}

describe('link token spellings through the gateway', () => {
  it('answers 403 to every listed spelling change at every position, on every form route, and stores nothing', async () => {
    const { token: surveyToken, invitation } = await stack.surveyCase();
    const engineer = await stack.engineer();
    const dailyToken = new URL(await stack.dailyReportUrl(engineer)).pathname.split('/').pop()!;
    for (const [route, attempt] of Object.entries(attempts)) {
      const token = route.includes('/s/') ? surveyToken : dailyToken;
      // Only listed changes that the bearer header can carry (header values are one line of visible ASCII).
      const spellings = tokenSpellings(token)
        .map((s) => s.token)
        .filter((t) => !route.includes('bearer') || /^[\x21-\x7e]+$/.test(t));
      const seen = await statuses(attempt, spellings);
      const accepted = [...seen].filter(([, status]) => status !== 403);
      expect(accepted, route).toEqual([]);
    }
    expect(await findSurveyResponse(stack.storage, invitation)).toBeUndefined();
    expect(await findDailyReport(stack.storage, engineer.id, DAY)).toBeUndefined();

    // The genuine token still opens both forms: the 403s above are the spellings', not a broken stack's.
    expect((await attempts['GET /s/{token}']!(surveyToken)).status).toBe(200);
    expect((await attempts['GET /r/{token}']!(dailyToken)).status).toBe(200);
    expect((await attempts['GET /r/{token}/month']!(dailyToken)).status).toBe(200);
  });

  it('answers 403 to random edits of a token', async () => {
    const { token: surveyToken } = await stack.surveyCase();
    const engineer = await stack.engineer();
    const dailyToken = new URL(await stack.dailyReportUrl(engineer)).pathname.split('/').pop()!;
    await fc.assert(
      fc.asyncProperty(
        fc
          .constantFrom(...Object.keys(attempts))
          .chain((route) =>
            fc.tuple(fc.constant(route), mutatedToken(route.includes('/s/') ? surveyToken : dailyToken)),
          ),
        async ([route, mutated]) => {
          fc.pre(!route.includes('bearer') || /^[\x21-\x7e]+$/.test(mutated));
          const res = await attempts[route]!(mutated);
          await res.arrayBuffer();
          expect(res.status, `${route} ${mutated}`).toBe(403);
        },
      ),
      { numRuns: 300 },
    );
  });
});
