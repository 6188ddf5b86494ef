// Indicator 1 · resolution: distinct customers with at least one request due in the month that was not
// resolved independently by its due time (late, with help, or still open), banded by the rubric.

import { countEn } from '../../plural.ts';
import { bandPoints } from '../../rubric/bands.ts';
import { type IndicatorScorer, nameList, pointsOf } from '../context.ts';
import { compareInstants, instantOf } from '../instant.ts';

export const scoreResolution: IndicatorScorer<'resolution'> = (ctx, rule) => {
  const { monthStartMs, monthEndMs } = ctx.frame;
  const failed = new Set<string>();
  let requestsDue = 0;
  let failedRequests = 0;
  // kpi-sheet.md, Identity: a request listed twice under one id is one request (the schema refused two
  // different requests under one id).
  const listed = new Set<string>();
  for (const r of ctx.input.supportRequests) {
    if (r.id !== undefined) {
      if (listed.has(r.id)) continue;
      listed.add(r.id);
    }
    const due = instantOf(r.dueAt);
    if (compareInstants(due, monthStartMs) < 0 || compareInstants(due, monthEndMs) >= 0) continue;
    requestsDue++;
    const onTime = r.resolvedAt !== null && compareInstants(instantOf(r.resolvedAt), due) <= 0;
    if (r.independent && onTime) continue;
    failedRequests++;
    failed.add(r.customer);
  }
  const names = [...failed].sort();
  const n = names.length;
  const points = bandPoints(rule.bands, n);
  const of = pointsOf(points, rule.maxPoints);
  const explanation =
    n === 0
      ? {
          en:
            requestsDue === 0
              ? `No request due this month → ${of.en}`
              : `${requestsDue === 1 ? 'The' : 'All'} ${countEn(requestsDue, 'request', 'requests')} due this month resolved independently in time → ${of.en}`,
          'zh-CN':
            requestsDue === 0
              ? `本月没有到期的请求 → ${of['zh-CN']}`
              : `本月到期的 ${requestsDue} 个请求均按时独立解决 → ${of['zh-CN']}`,
        }
      : {
          en: `${countEn(n, 'customer', 'customers')} not resolved in time: ${nameList(names, ', ')} → ${of.en}`,
          'zh-CN': `${n} 个客户未按时独立解决：${nameList(names, '、')} → ${of['zh-CN']}`,
        };
  return {
    points,
    measured: { failedCustomers: n, failedCustomerNames: names, requestsDue, failedRequests },
    flags: [],
    explanation,
  };
};
