import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

/** The serious and critical axe-core violations on the page now, one line per rule, with examples. */
export async function violations(page: Page): Promise<string[]> {
  // Transitions finish first: axe reads colours mid-fade otherwise.
  await page.waitForFunction(
    () =>
      document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
        .length === 0,
  );
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
    .analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.impact} ${v.id} (${v.nodes.length}): ${v.nodes
          .slice(0, 3)
          .map((n) => `${n.target.join(' ')} ${n.failureSummary?.split('\n')[1] ?? ''}`)
          .join(' | ')}`,
    );
}
