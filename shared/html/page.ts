// The one page layout of the server-rendered forms: phone-first, no JavaScript, and a Content-Security-Policy
// that allows exactly our own inline stylesheet (by hash) and form posts to ourselves, nothing else.
import { createHash } from 'node:crypto';
import { html, SafeHtml } from './html.ts';

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1d2733;background:#f4f6f8}
main{max-width:40rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
h3{font-size:1rem;margin:.75rem 0 .25rem}
.card{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
fieldset{border:0;margin:0 0 1rem;padding:0}
legend{float:left;width:100%;font-weight:600;margin-bottom:.5rem;padding:0}
legend+*{clear:both}
.scale{display:flex;gap:.4rem;flex-wrap:wrap}
.scale label{flex:1 1 3rem;min-height:3rem;display:flex;flex-direction:column;align-items:center;justify-content:center;border:1px solid #b8c2cc;border-radius:.4rem;cursor:pointer;background:#fff}
.scale input{width:1.3rem;height:1.3rem;margin:.2rem}
.scale small{font-size:.75rem;color:#5a6570}
.ends{display:flex;justify-content:space-between;font-size:.8rem;color:#5a6570}
label.field{display:block;font-weight:600;margin:.75rem 0 .25rem}
textarea,select,input[type=text],input[type=date]{width:100%;font:inherit;padding:.6rem;border:1px solid #b8c2cc;border-radius:.4rem;background:#fff}
textarea{min-height:5rem}
button{font:inherit;font-weight:600;width:100%;min-height:3rem;border:0;border-radius:.4rem;background:#1565c0;color:#fff;cursor:pointer}
.error{color:#b00020;font-weight:600}
.problems{border-left:4px solid #b00020;background:#fdecee;padding:.5rem 1rem}
.ok{border-left:4px solid #2e7d32;background:#edf7ee;padding:.5rem 1rem}
.muted{color:#5a6570;font-size:.9rem}
.lang{text-align:right;font-size:.9rem;margin:0}
.lang a{display:inline-flex;align-items:center;justify-content:center;min-width:44px;min-height:44px;padding:0 .75rem}
.visit{border-top:1px solid #e0e4e8;padding-top:.5rem;margin-top:.5rem}
label.check{display:flex;align-items:center;gap:.5rem;min-height:44px}
label.check input{width:1.3rem;height:1.3rem;margin:0}
table.figures{width:100%;border-collapse:collapse;font-size:.95rem}
.figures th,.figures td{text-align:left;padding:.35rem .25rem;border-bottom:1px solid #e0e4e8;vertical-align:top}
a{color:#1565c0}
`;

const styleHash = createHash('sha256').update(STYLE).digest('base64');

/** CSP for every HTML page; passed to @middy/http-security-headers. */
export const CONTENT_SECURITY_POLICY: Record<string, string | false> = {
  'default-src': "'none'",
  'style-src': `'sha256-${styleHash}'`,
  // The empty data: icon keeps browsers from asking for /favicon.ico (a 404 on every page).
  'img-src': 'data:',
  'form-action': "'self'",
  'base-uri': "'none'",
  'frame-ancestors': "'none'",
  // Defaults of the middleware that would break a plain form page or point at report endpoints we lack.
  sandbox: false,
  'navigate-to': false,
  'report-to': false,
  'upgrade-insecure-requests': false,
};

export function page(options: { lang: string; title: string; body: SafeHtml }): string {
  return html`<!doctype html>
<html lang="${options.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<link rel="icon" href="data:,">
<title>${options.title}</title>
<style>${new SafeHtml(STYLE)}</style>
</head>
<body><main>
${options.body}
</main></body>
</html>`.value;
}

/** A rendered form page and the status it answers with (a bad submission is its own form again, 400). */
export interface FormPage {
  status: 200 | 201 | 400 | 410;
  html: string;
}
