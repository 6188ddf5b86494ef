// The console's static files, served from our own origin so its CSP can say `script-src 'self'; style-src
// 'self'` and nothing else: the stylesheet, ECharts (its prebuilt "simple" bundle: bar, line, pie) and our own
// small script that draws the charts from the page's `<script type="application/json">` data blocks. Each URL
// carries a digest of its content, so browsers may keep a file for a year and never see a stale one.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file name ECharts is copied to beside a Lambda bundle (infra/functions.ts copies it there). */
export const ECHARTS_FILE = 'echarts.simple.min.js';

/** Where ECharts is: in node_modules when running from source, beside the bundle on Lambda. */
function echartsPath(): string {
  try {
    return createRequire(import.meta.url).resolve(`echarts/dist/${ECHARTS_FILE}`);
  } catch {
    return join(dirname(fileURLToPath(import.meta.url)), ECHARTS_FILE);
  }
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI","PingFang SC","Microsoft YaHei",sans-serif;color:#1d2733;background:#f4f6f8}
header{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;justify-content:space-between;background:#fff;padding:.5rem 1rem;border-bottom:1px solid #d5dbe1}
header .who{font-size:.9rem;color:#4a5560}
header form{margin:0}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.35rem;margin:.5rem 0 1rem}
h2{font-size:1.1rem;margin:0 0 .5rem}
.card{background:#fff;border-radius:.5rem;padding:1rem;margin:0 0 1rem;box-shadow:0 1px 2px rgba(0,0,0,.08)}
dl.dates{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dl.dates dt{font-weight:600}
dl.dates dd{margin:0}
.state{display:inline-block;padding:.1rem .6rem;border-radius:1rem;background:#e3eefb;color:#0d47a1;font-weight:600}
form.filters{display:flex;flex-wrap:wrap;gap:.75rem;align-items:flex-end}
form.filters label,form.filters .field{display:flex;flex-direction:column;font-weight:600;font-size:.9rem}
input,select{font:inherit;padding:.5rem;border:1px solid #7d8a96;border-radius:.4rem;background:#fff;min-height:2.75rem}
button{font:inherit;font-weight:600;min-height:2.75rem;padding:0 1rem;border:0;border-radius:.4rem;background:#1565c0;color:#fff;cursor:pointer}
button.quiet{background:#fff;color:#1565c0;border:1px solid #1565c0}
a{color:#0d47a1}
a,button,input,select,[tabindex]{outline-offset:2px}
a:focus-visible,button:focus-visible,[tabindex]:focus-visible,input:focus,select:focus{outline:3px solid #ff9800}
.scroll{overflow-x:auto}
table{border-collapse:collapse;width:100%;min-width:48rem;background:#fff}
th,td{padding:.4rem .5rem;border-bottom:1px solid #e0e4e8;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.flag{display:inline-block;margin:0 .25rem .25rem 0;padding:0 .4rem;border-radius:.3rem;font-size:.8rem;background:#fff3e0;color:#8a4b00}
.muted{color:#4a5560;font-size:.9rem}
.chart{width:100%;height:18rem}
.ok{border-left:4px solid #2e7d32;background:#edf7ee;padding:.5rem 1rem}
.lang a{display:inline-flex;align-items:center;min-height:44px;padding:0 .5rem}
h3{font-size:1rem;margin:1rem 0 .5rem}
.calendar{display:grid;grid-template-columns:repeat(auto-fill,minmax(7rem,1fr));gap:.25rem;list-style:none;margin:0 0 1rem;padding:0}
.day{padding:.25rem .5rem;border-radius:.3rem;background:#f4f6f8;font-size:.875rem}
.day.filed{background:#edf7ee;color:#1b5e20}
.day.late{background:#fff3e0;color:#8a4b00}
.day.missed{background:#fdecea;color:#8e1b10}
td form.filters{flex-wrap:nowrap;gap:.5rem}
.preview-total{font-size:1.25rem}
.final-note{border-left:4px solid #8e1b10;background:#fdecea;padding:.5rem 1rem}
nav.site ul{display:flex;flex-wrap:wrap;gap:0 1rem;margin:0;padding:0 1rem;list-style:none;background:#fff;border-bottom:1px solid #d5dbe1}
nav.site a{display:inline-flex;align-items:center;min-height:44px}
form.fields{display:grid;grid-template-columns:repeat(auto-fill,minmax(14rem,1fr));gap:.75rem;align-items:start}
form.fields label,form.fields .field{display:flex;flex-direction:column;font-weight:600;font-size:.9rem}
form.fields .wide{grid-column:1/-1}
form.fields label.check{flex-direction:row;align-items:center;gap:.5rem}
textarea{font:inherit;padding:.5rem;border:1px solid #7d8a96;border-radius:.4rem;min-height:5rem}
textarea:focus{outline:3px solid #ff9800}
.problem{color:#b71c1c;font-weight:600;font-size:.85rem;margin:.2rem 0 0}
[aria-invalid="true"]{border-color:#b71c1c}
.error{border-left:4px solid #b71c1c;background:#fdecea;padding:.5rem 1rem}
.actions{display:flex;flex-wrap:wrap;gap:.5rem;align-items:center}
ul.actions{list-style:none;margin:0;padding:0;gap:.5rem 1.5rem}
.hidden-label{position:absolute;width:1px;height:1px;overflow:hidden;clip-path:inset(50%);white-space:nowrap}
.skip{position:absolute;left:-999px}
.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
`;

// Draws every `.chart` from the JSON block its `data-source` names (bars, or a line for `kind: 'line'`); ECharts' aria option gives the canvas a
// description screen readers read out (the table beside it has every number too).
//
// The page requires Trusted Types for every HTML sink; ECharts only ever clears its container
// (`innerHTML = ''`), so the one policy we define lets exactly the empty string through and refuses any markup.
const CHART_SCRIPT = `'use strict';
if (window.trustedTypes && !window.trustedTypes.defaultPolicy) {
  window.trustedTypes.createPolicy('default', {
    createHTML: function (html) {
      if (html === '') return html;
      throw new TypeError('no markup is written by script on this page');
    }
  });
}
document.querySelectorAll('.chart[data-source]').forEach(function (el) {
  var source = document.getElementById(el.getAttribute('data-source'));
  if (!source || typeof echarts === 'undefined') return;
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(el, null, { renderer: 'canvas' });
  chart.setOption({
    aria: { enabled: true, label: { description: data.description } },
    animation: false,
    grid: { left: 40, right: 16, top: 24, bottom: 40 },
    xAxis: { type: 'category', data: data.labels, name: data.xName, nameLocation: 'middle', nameGap: 28 },
    yAxis: { type: 'value', minInterval: 1, name: data.yName },
    // A month without scores is a gap in the line (null), not a zero.
    series: [{ type: data.kind === 'line' ? 'line' : 'bar', data: data.values, connectNulls: false, itemStyle: { color: '#1565c0' }, label: { show: true, position: 'top' } }]
  });
  window.addEventListener('resize', function () { chart.resize(); });
});
`;

interface Asset {
  contentType: string;
  body: () => string;
}

const ASSETS: Record<string, Asset> = {
  'console.css': { contentType: 'text/css; charset=utf-8', body: () => STYLE },
  'charts.js': { contentType: 'text/javascript; charset=utf-8', body: () => CHART_SCRIPT },
  'echarts.js': {
    contentType: 'text/javascript; charset=utf-8',
    body: () => readFileSync(echartsPath(), 'utf8'),
  },
};

const loaded = new Map<string, { body: string; digest: string; contentType: string }>();

/** A static file of the console by name (read once per process), or undefined. */
export function consoleAsset(
  name: string,
): { body: string; digest: string; contentType: string } | undefined {
  const asset = Object.hasOwn(ASSETS, name) ? ASSETS[name] : undefined;
  if (!asset) return undefined;
  let found = loaded.get(name);
  if (!found) {
    const body = asset.body();
    found = {
      body,
      contentType: asset.contentType,
      digest: createHash('sha256').update(body).digest('base64url').slice(0, 16),
    };
    loaded.set(name, found);
  }
  return found;
}

/** The URL of an asset, versioned by its content. */
export function assetUrl(name: 'console.css' | 'charts.js' | 'echarts.js'): string {
  return `/console/assets/${name}?v=${consoleAsset(name)!.digest}`;
}
