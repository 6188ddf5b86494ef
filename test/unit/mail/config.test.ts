// Mail configuration: subjects can be changed per language; a bad sender is refused naming the field.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '#shared/errors.ts';
import { fillSubject, mailConfig } from '#shared/mail/config.ts';

describe('mail configuration', () => {
  it('takes subjects from configuration, the rest from the defaults', () => {
    const config = mailConfig({
      from: 'kpi@example.com',
      subjects: { teamSummary: { 'zh-CN': '【KPI】{month} 汇总', en: '[KPI] {month} summary' } },
    });
    expect(fillSubject(config, 'teamSummary', 'en', { month: 'October 2026' })).toBe(
      '[KPI] October 2026 summary',
    );
    expect(fillSubject(config, 'surveyInvitation', 'en', { engineer: 'Bob', month: 'October 2026' })).toBe(
      'How was the support from Bob in October 2026?',
    );
  });

  it('keeps a subject on one line whatever a name holds', () => {
    const config = mailConfig({ from: 'kpi@example.com' });
    expect(
      fillSubject(config, 'lowScoreAlert', 'en', {
        respondent: 'Eve\r\nBcc: x@evil.example',
        engineer: 'Bob',
      }),
    ).toBe('Low rating: Eve Bcc: x@evil.example about Bob');
  });

  it('refuses a sender that is not one address, naming the field', () => {
    expect(mailConfig({ from: 'KPI 考核 <kpi@example.com>' }).from).toBe('KPI 考核 <kpi@example.com>');
    for (const from of ['not an address', 'a@example.com, b@example.com']) {
      try {
        mailConfig({ from });
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ValidationError);
        expect((e as ValidationError).problems[0]!.path).toBe('from');
      }
    }
  });
});
