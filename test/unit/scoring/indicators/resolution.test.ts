// Indicator 1 · resolution: bands at every boundary, what makes a request fail, and which requests count.
import { describe, expect, test } from 'vitest';
import { indicator, perfectMonth, pointsWith, scoreJson } from '../month.ts';

const failedFor = (customers: number) =>
  Array.from({ length: customers }, (_, i) => ({
    customer: `C${i}`,
    dueAt: '2026-10-12T18:00:00+08:00',
    resolvedAt: null,
    independent: false,
  }));

describe('resolution', () => {
  test.each([
    [0, 35],
    [1, 30],
    [3, 30],
    [4, 25],
    [5, 25],
    [6, 20],
    [10, 20],
    [11, 10],
    [25, 10],
  ])('%i customers not resolved in time → %i points', (customers, points) => {
    expect(pointsWith('resolution', (m) => m.supportRequests!.push(...failedFor(customers)))).toBe(points);
  });

  const one = (request: { dueAt: string; resolvedAt: string | null; independent: boolean }) =>
    pointsWith('resolution', (m) => {
      m.supportRequests = [{ customer: 'Acme', ...request }];
    });

  test('resolved exactly at its due time, independently, is in time', () => {
    expect(
      one({ dueAt: '2026-10-20T18:00:00+08:00', resolvedAt: '2026-10-20T18:00:00+08:00', independent: true }),
    ).toBe(35);
  });
  test('one second late fails', () => {
    expect(
      one({ dueAt: '2026-10-20T18:00:00+08:00', resolvedAt: '2026-10-20T18:00:01+08:00', independent: true }),
    ).toBe(30);
  });
  test('resolved in time with someone else’s help fails', () => {
    expect(
      one({
        dueAt: '2026-10-20T18:00:00+08:00',
        resolvedAt: '2026-10-20T09:00:00+08:00',
        independent: false,
      }),
    ).toBe(30);
  });
  test('still open after its due time fails', () => {
    expect(one({ dueAt: '2026-10-20T18:00:00+08:00', resolvedAt: null, independent: true })).toBe(30);
  });
  test('the same instant written in UTC compares the same', () => {
    expect(
      one({ dueAt: '2026-10-20T10:00:00Z', resolvedAt: '2026-10-20T18:00:00+08:00', independent: true }),
    ).toBe(35);
  });

  test('only requests due within the local month count', () => {
    const card = (() => {
      const m = perfectMonth();
      m.supportRequests = [
        // 30 Sep 23:59 Shanghai: September.
        { customer: 'Sep', dueAt: '2026-09-30T23:59:59+08:00', resolvedAt: null, independent: false },
        // 30 Sep 16:00 UTC is 1 Oct 00:00 Shanghai: October.
        { customer: 'FirstOct', dueAt: '2026-09-30T16:00:00Z', resolvedAt: null, independent: false },
        { customer: 'LastOct', dueAt: '2026-10-31T23:59:59+08:00', resolvedAt: null, independent: false },
        // 1 Nov 00:00 Shanghai: November.
        { customer: 'Nov', dueAt: '2026-10-31T16:00:00Z', resolvedAt: null, independent: false },
      ];
      return scoreJson(m);
    })();
    const resolution = indicator(card, 'resolution');
    expect(resolution.measured.failedCustomerNames).toEqual(['FirstOct', 'LastOct']);
    expect(resolution.measured.requestsDue).toBe(2);
  });

  test('the card names the failed customers once each and explains the band', () => {
    const m = perfectMonth();
    m.supportRequests = [
      { customer: 'Beta', dueAt: '2026-10-12T18:00:00+08:00', resolvedAt: null, independent: false },
      { customer: 'Acme', dueAt: '2026-10-13T18:00:00+08:00', resolvedAt: null, independent: false },
      {
        customer: 'Acme',
        dueAt: '2026-10-14T18:00:00+08:00',
        resolvedAt: '2026-10-15T09:00:00+08:00',
        independent: true,
      },
    ];
    const resolution = indicator(scoreJson(m), 'resolution');
    expect(resolution.measured).toEqual({
      failedCustomers: 2,
      failedCustomerNames: ['Acme', 'Beta'],
      requestsDue: 3,
      failedRequests: 3,
    });
    expect(resolution.explanation.en).toBe('2 customers not resolved in time: Acme, Beta → 30 of 35');
    expect(resolution.explanation['zh-CN']).toBe('2 个客户未按时独立解决：Acme、Beta → 30/35 分');
  });
});
