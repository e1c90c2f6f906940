// Debian's Chromium driven by playwright-core (Playwright's own browser download cannot
// work offline). scripts/install-chromium.sh installs it when it is missing.
'use strict';

const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { chromium, selectors } = require('playwright-core');
const { PACKAGE_ROOT } = require('../../../scripts/n8n/instance');

const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const INSTALL_SCRIPT = path.join(PACKAGE_ROOT, 'scripts', 'install-chromium.sh');
// Without the networking flags Chromium keeps calling Google services this machine can't reach.
const CHROMIUM_ARGS = [
	'--no-sandbox',
	'--disable-gpu',
	'--no-first-run',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-dev-shm-usage',
];

function ensureChromium() {
	if (fs.existsSync(CHROMIUM_PATH)) return;
	execFileSync('bash', [INSTALL_SCRIPT], { stdio: 'inherit' });
}

// n8n's editor marks elements with data-test-id.
selectors.setTestIdAttribute('data-test-id');

async function launchBrowser() {
	ensureChromium();
	return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

module.exports = { launchBrowser };
