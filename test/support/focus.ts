// Where the keyboard's focus is, for the browser tests' keyboard checks: the focused control (tag and name) and
// whether its focus ring shows (an outline of 2 px or more). Run in the page as a string: the tests are compiled
// without the DOM's types.
import type { Page } from 'playwright-core';

export interface Focus {
  /** `input[score]`, `button`, `a`, … */
  what: string;
  visible: boolean;
  outline: string;
}

/** The focused control, or null while the focus is on the page itself. */
export async function focusedControl(page: Page): Promise<Focus | null> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    const name = el.getAttribute('name');
    return {
      what: el.tagName.toLowerCase() + (name ? '[' + name + ']' : ''),
      visible: style.outlineStyle !== 'none' && Number.parseFloat(style.outlineWidth) >= 2,
      outline: style.outlineStyle + ' ' + style.outlineWidth,
    };
  })()`)) as Focus | null;
}
