// The console's language switch names the language it leads to, in that language: 中文 on an English page,
// English on a Chinese one (as the forms' switch does).
import { describe, expect, it } from 'vitest';
import { signedOutPage } from '#shared/console/views.ts';

describe("the console's language switch", () => {
  it('offers 中文 on an English page and English on a Chinese page, each marked with its language', () => {
    expect(signedOutPage('en')).toMatch(
      /<nav class="lang"[^>]*><a href="[^"]*lang=zh-CN[^"]*" lang="zh-CN" hreflang="zh-CN">中文<\/a>/,
    );
    expect(signedOutPage('zh-CN')).toMatch(
      /<nav class="lang"[^>]*><a href="[^"]*lang=en[^"]*" lang="en" hreflang="en">English<\/a>/,
    );
  });
});
