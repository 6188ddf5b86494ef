// The survey window, the one rule both the form (opening a link) and the answer (storing it) apply: an invitation
// is answerable until the instant it closes, and never once the pipeline has closed it.
import { describe, expect, it } from 'vitest';
import { checkSurveyWindow } from '#shared/domain/survey.ts';
import { LinkGoneError } from '#shared/errors.ts';

const closes = '2026-11-02T23:59:00+08:00';
const open = { status: 'open' as const, expiresAt: closes };

describe('checkSurveyWindow', () => {
  it('lets an answer in before the closing instant and refuses it (410) from that instant on', () => {
    expect(() => checkSurveyWindow(open, new Date('2026-11-02T15:58:59.999Z'))).not.toThrow();
    for (const now of ['2026-11-02T15:59:00.000Z', '2026-12-01T00:00:00Z']) {
      expect(() => checkSurveyWindow(open, new Date(now))).toThrow(LinkGoneError);
    }
    expect(() => checkSurveyWindow(open, new Date('2026-11-02T15:59:00.000Z'))).toThrow(
      expect.objectContaining({ status: 410, message: 'the survey window has closed' }),
    );
  });

  it('refuses an invitation the pipeline closed, whatever its expiry says', () => {
    expect(() =>
      checkSurveyWindow({ status: 'closed', expiresAt: closes }, new Date('2026-10-20T00:00:00Z')),
    ).toThrow(LinkGoneError);
  });
});
