import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';

/** One axe violation, reduced to what a failing test should print: the rule, its impact and where. */
export interface AxeFinding {
  rule: string;
  impact: string;
  targets: string[];
  summary: string;
}

/**
 * Runs axe-core on the page as it is now, against WCAG 2.0/2.1/2.2 A and AA and axe's best practices,
 * and returns every violation of any impact. Tests assert the list is empty, so a failure names the rule
 * and the elements instead of a count. The page must come from `browser.newContext()` then `context.newPage()`:
 * axe refuses pages made by `browser.newPage()`.
 */
export async function axeViolations(page: Page, only?: { include: string }): Promise<AxeFinding[]> {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']);
  // `include`: one part of the page (a dialog), when the test is about that part alone.
  const results = await (only ? builder.include(only.include) : builder).analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => ({
      rule: violation.id,
      impact: violation.impact ?? 'unknown',
      targets: node.target.map(String),
      summary: node.failureSummary ?? violation.help,
    })),
  );
}
