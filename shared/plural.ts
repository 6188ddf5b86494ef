// English count phrases ("1 request", "3 requests", "1.5 points") by the language's own plural rules, so no
// text says "1 requests" or "All 1 request". Chinese needs no plural forms.

let rules: Intl.PluralRules | undefined;

/** `n` and the noun in the form English uses for it: `count(1, 'day', 'days')` → "1 day". */
export function countEn(n: number, one: string, other: string): string {
  // Made on first use: a Lambda that never writes English pays nothing at load.
  rules ??= new Intl.PluralRules('en');
  return `${n} ${rules.select(n) === 'one' ? one : other}`;
}
