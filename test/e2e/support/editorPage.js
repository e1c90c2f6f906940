// Steps in n8n's editor (Chromium, playwright-core) shared by the browser tests: sign in,
// add a node from the nodes panel, clear toasts before a screenshot.
'use strict';

const { DEFAULT_OWNER } = require('../../../scripts/n8n/instance');

async function signIn(page, baseUrl, owner = DEFAULT_OWNER) {
	await page.goto(`${baseUrl}/signin`);
	await page.getByTestId('emailOrLdapLoginId').locator('input').fill(owner.email);
	await page.getByTestId('password').locator('input').fill(owner.password);
	await page.getByTestId('form-submit-button').click();
	await page.waitForURL((url) => !url.pathname.startsWith('/signin'));
}

// "Node executed successfully" or "Package installed" would cover part of a screenshot.
async function dismissToasts(page) {
	const closeButtons = page.locator('.el-notification .el-notification__closeBtn');
	for (const button of await closeButtons.all()) await button.click();
	await page.locator('.el-notification').first().waitFor({ state: 'hidden' });
}

/**
 * Types `displayName` into the open nodes panel and picks that node: an action by its name
 * (`action`), or a trigger with "Add to workflow" (what n8n shows for a community trigger).
 * Resolves when the node's parameters are open.
 */
async function pickNode(page, displayName, { action } = {}) {
	await page.getByTestId('node-creator-search-bar').fill(displayName);
	await page.getByTestId('node-creator-item-name').getByText(displayName, { exact: true }).click();
	if (action) await page.getByTestId('node-creator').getByText(action, { exact: true }).click();
	else await page.getByRole('button', { name: 'Add to workflow' }).click();
	await page.getByTestId('ndv').getByTestId('node-parameters').waitFor();
}

async function closeNodeDetails(page) {
	await page.keyboard.press('Escape');
	await page.getByTestId('ndv').waitFor({ state: 'hidden' });
}

module.exports = { signIn, dismissToasts, pickNode, closeNodeDetails };
