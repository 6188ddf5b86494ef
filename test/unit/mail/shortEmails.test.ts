// The short emails: the low-score alert to the department manager and the survey invitation / reminder to a
// respondent — content, language, escaping.
import { describe, expect, it } from 'vitest';
import { hasLowRating } from '#shared/domain/survey.ts';
import { ValidationError } from '#shared/errors.ts';
import { renderLowScoreAlert } from '#shared/mail/lowScoreAlert.ts';
import { renderSurveyInvitation } from '#shared/mail/surveyInvitation.ts';
import { defaultRubric } from '#shared/rubric/default.ts';
import { byAttr, config, elementsAndAttributes, parseHtml, textOf, XSS } from './fixtures.ts';

const ratings = {
  responsiveness: 2,
  technicalCompetence: 4,
  solutionEffectiveness: 1,
  serviceAttitude: 5,
  communication: 3,
};

function alert(overrides: Partial<Parameters<typeof renderLowScoreAlert>[0]> = {}) {
  return renderLowScoreAlert(
    {
      recipient: { email: 'dept.manager@example.com' },
      month: '2026-10',
      engineer: { name: '张三' },
      respondent: { name: '陈销售', email: 'chen@example.com', organisation: '华东区' },
      ratings,
      comment: '响应太慢\n第二行',
      submittedAt: '2026-10-27T02:30:00Z',
      timeZone: 'Asia/Shanghai',
      rubric: defaultRubric,
      ...overrides,
    },
    config,
  );
}

describe('low-score alert', () => {
  it('tells the department manager who rated whom, each rating with the low ones marked, and the comment', () => {
    const mail = alert();
    expect(mail.to).toEqual(['dept.manager@example.com']);
    expect(mail.subject).toBe('低分提醒：陈销售 对 张三 的评价');
    const doc = parseHtml(mail.html);
    const text = textOf(doc);
    expect(text).toContain('陈销售（华东区） 在 2026年10月 的满意度调查中给 张三 打了低分');
    expect(text).toContain('2026年10月27日 10:30 (Asia/Shanghai)');
    for (const q of defaultRubric.survey.questions) {
      const cell = byAttr(doc, 'data-rating', q.key)[0]!;
      const rating = ratings[q.key as keyof typeof ratings];
      expect(textOf(cell).startsWith(`${rating} / 5`)).toBe(true);
      expect(textOf(cell).includes('低分')).toBe(rating <= 2);
    }
    // The comment keeps its line break.
    expect(byAttr(doc, 'data-comment')[0]!.children.some((c) => c.type === 'tag' && c.name === 'br')).toBe(
      true,
    );
    expect(mail.text).toContain('响应太慢\n第二行');
    expect(mail.text).toContain('解决方案有效性：1 / 5  <-- 低分');
  });

  it('is in the manager’s language', () => {
    const mail = alert({ recipient: { email: 'dept.manager@example.com', language: 'en' } });
    expect(mail.subject).toBe('Low rating: 陈销售 about 张三');
    expect(textOf(parseHtml(mail.html))).toContain('Effectiveness of the solution');
  });

  it('escapes the comment and the names', () => {
    const mail = alert({
      comment: XSS,
      respondent: { name: XSS, organisation: XSS },
      engineer: { name: XSS },
    });
    const doc = parseHtml(mail.html);
    const { tags, attributes } = elementsAndAttributes(doc);
    expect(tags.has('script')).toBe(false);
    expect(tags.has('img')).toBe(false);
    expect(attributes.has('onerror')).toBe(false);
    expect(textOf(byAttr(doc, 'data-comment'))).toBe(XSS);
  });

  it('says when there is no comment', () => {
    expect(textOf(byAttr(parseHtml(alert({ comment: '  ' }).html), 'data-comment'))).toBe('（无留言）');
  });

  it('marks low what the rubric calls low: a rubric whose lowRatingAtMost is 3 marks a 3 too', () => {
    const strict = { survey: { ...defaultRubric.survey, lowRatingAtMost: 3 } };
    const mail = alert({ rubric: strict });
    const doc = parseHtml(mail.html);
    for (const q of defaultRubric.survey.questions) {
      const rating = ratings[q.key as keyof typeof ratings];
      expect(textOf(byAttr(doc, 'data-rating', q.key)[0]!).includes('低分')).toBe(rating <= 3);
    }
    expect(defaultRubric.survey.lowRatingAtMost).toBe(2);
  });

  it('is raised by any rating at or below the threshold', () => {
    expect(hasLowRating(ratings, 2)).toBe(true);
    expect(hasLowRating({ a: 3, b: 5 }, 2)).toBe(false);
    expect(hasLowRating({ a: 3, b: 2 }, 2)).toBe(true);
  });
});

function invitation(overrides: Partial<Parameters<typeof renderSurveyInvitation>[0]> = {}) {
  return renderSurveyInvitation(
    {
      respondent: { name: '陈销售', email: 'chen@example.com' },
      engineer: { name: '张三' },
      month: '2026-10',
      link: 'https://kpi.example.com/s/abc.def?lang=zh-CN&x=1',
      deadline: '2026-11-02T15:59:00Z',
      timeZone: 'Asia/Shanghai',
      rubric: defaultRubric,
      ...overrides,
    },
    config,
  );
}

describe('survey invitation and reminder', () => {
  it('invites the respondent with the link, the engineer, the month and the deadline in their time zone', () => {
    const mail = invitation();
    expect(mail.to).toEqual(['chen@example.com']);
    expect(mail.subject).toBe('请评价 张三 在 2026年10月 的技术支持');
    const doc = parseHtml(mail.html);
    expect(byAttr(doc, 'data-survey-link')[0]!.attribs.href).toBe(
      'https://kpi.example.com/s/abc.def?lang=zh-CN&x=1',
    );
    const text = textOf(doc);
    expect(text).toContain('请就 张三 在 2026年10月 为您提供的技术支持');
    expect(text).toContain('请在 2026年11月2日 23:59 (Asia/Shanghai) 前填写');
    expect(text).toContain('共 5 个问题');
    expect(mail.text).toContain('https://kpi.example.com/s/abc.def?lang=zh-CN&x=1');
  });

  it('is in English for an English respondent, and the reminder says it is one', () => {
    const mail = invitation({
      respondent: { name: 'Carol', email: 'carol@example.com', language: 'en' },
      reminder: true,
    });
    expect(mail.subject).toBe('Reminder: how was the support from 张三 in October 2026?');
    const text = textOf(parseHtml(mail.html));
    expect(text).toContain('We have not yet received your rating');
    expect(text).toContain('Please answer by November 2, 2026 at 23:59 (Asia/Shanghai).');
  });

  it('escapes names and refuses a link that is not a web address', () => {
    const mail = invitation({ respondent: { name: XSS, email: 'x@example.com' }, engineer: { name: XSS } });
    const { tags, attributes } = elementsAndAttributes(parseHtml(mail.html));
    expect(tags.has('script')).toBe(false);
    expect(attributes.has('onerror')).toBe(false);
    expect(() => invitation({ link: 'javascript:alert(1)' })).toThrow(ValidationError);
    try {
      invitation({ link: 'javascript:alert(1)' });
    } catch (e) {
      expect((e as ValidationError).problems).toEqual([{ path: 'link', message: 'expected an http(s) URL' }]);
    }
  });
});
