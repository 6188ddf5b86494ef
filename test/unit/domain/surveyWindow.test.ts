// The survey window, the one rule both the form (opening a link) and the answer (storing it) apply: an invitation
// is answerable until the instant it closes, and never once the pipeline has closed it.
import { describe, expect, it } from 'vitest';
import { surveyWindowOpen } from '#shared/domain/survey.ts';

const closes = '2026-11-02T23:59:00+08:00';

describe('surveyWindowOpen', () => {
  it('is open before the closing instant and closed from it on', () => {
    const open = { status: 'open' as const, expiresAt: closes };
    expect(surveyWindowOpen(open, new Date('2026-11-02T15:58:59.999Z'))).toBe(true);
    expect(surveyWindowOpen(open, new Date('2026-11-02T15:59:00.000Z'))).toBe(false);
    expect(surveyWindowOpen(open, new Date('2026-12-01T00:00:00Z'))).toBe(false);
  });

  it('is closed once the pipeline closed the invitation, whatever its expiry says', () => {
    expect(surveyWindowOpen({ status: 'closed', expiresAt: closes }, new Date('2026-10-20T00:00:00Z'))).toBe(
      false,
    );
  });
});
