// Browser verbs for users, tokens, roles and the audit log (issue 8): sign in with a password, create a
// user or a token through the UI, read what the page offers a role.
import type { Locator, Page } from 'playwright-core';

export async function signInWithPassword(page: Page, username: string, password: string): Promise<void> {
  await page.goto('/signin');
  await page.getByLabel('Username').fill(username);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard$/);
  await page.getByTestId('signed-in-as').filter({ hasText: username }).waitFor();
}

/** Users page → Create user; resolves once the new user's row is listed. */
export async function createUserInUi(
  page: Page,
  user: { username: string; password: string; role: 'viewer' | 'operator' | 'admin' },
): Promise<void> {
  await page.goto('/users');
  await page.getByRole('button', { name: 'Create user' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create user' });
  await dialog.getByLabel('Username').fill(user.username);
  await dialog.getByLabel('Password').fill(user.password);
  await dialog.getByLabel('Role').selectOption(user.role);
  await dialog.getByRole('button', { name: 'Create user' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await userRow(page, user.username).getByText(user.role, { exact: true }).waitFor();
}

export function userRow(page: Page, username: string): Locator {
  return page.getByRole('row').filter({ has: page.getByRole('cell', { name: username, exact: true }) });
}

/** Tokens page → Create token; returns the secret the page shows once (and closes that dialog). */
export async function createTokenInUi(
  page: Page,
  token: { name: string; role: 'viewer' | 'operator' | 'admin' },
): Promise<string> {
  await page.goto('/tokens');
  await page.getByRole('button', { name: 'Create token' }).click();
  const dialog = page.getByRole('dialog', { name: 'Create API token' });
  await dialog.getByLabel('Token name').fill(token.name);
  await dialog.getByLabel('Token role').selectOption(token.role);
  await dialog.getByRole('button', { name: 'Create token' }).click();
  const shown = page.getByRole('dialog', { name: `Token ${token.name} created` });
  const secret = await shown.getByRole('textbox', { name: 'Token secret' }).inputValue();
  await shown.getByRole('button', { name: 'Done' }).click();
  await shown.waitFor({ state: 'hidden' });
  await page.getByRole('row').filter({ hasText: token.name }).waitFor();
  return secret;
}

/** Audit page with an "action contains" filter; returns each row's cells as text once the filter applies. */
export async function auditRows(page: Page, action: string): Promise<string[][]> {
  await page.goto('/audit');
  await page.getByLabel('Action contains').fill(action);
  await page.getByRole('button', { name: 'Apply filters' }).click();
  const table = page.getByRole('table', { name: 'Audit log' });
  // The unfiltered page may still be on screen: wait until every row is one the filter lets through.
  for (let attempt = 0; attempt < 150; attempt++) {
    const rows = await table.locator('tbody tr').evaluateAll((trs) =>
      trs.map((r) => {
        const cells: string[] = [];
        for (let i = 0; i < r.children.length; i++) cells.push((r.children[i]?.textContent ?? '').trim());
        return cells;
      }),
    );
    if (rows.length > 0 && rows.every((cells) => cells[3]?.includes(action))) return rows;
    await page.waitForTimeout(200);
  }
  throw new Error(`the audit page never showed only "${action}" rows`);
}

/** Names of the buttons, links and checkboxes on the page that act on things (not navigation). */
export async function controlNames(page: Page): Promise<string[]> {
  const names = await page
    .locator('main')
    .locator('button, a[href="/vms/create"], input[type="checkbox"], [role="menuitem"]')
    .evaluateAll((els) =>
      els.map((e) => (e.getAttribute('aria-label') ?? e.textContent ?? '').replace(/\s+/g, ' ').trim()),
    );
  return names.filter(Boolean).sort();
}
