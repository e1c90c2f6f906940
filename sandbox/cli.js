#!/usr/bin/env node
'use strict';

/**
 * Starts the provider sandbox as its own process:
 *   node sandbox/cli.js [--port 4010] [--latency 0] [--betatel-webhook URL] [--skycore-postback URL]
 *                       [--status-interval 1000] [--rate-limit 60] [--quiet]
 * The last line printed once listening is "SANDBOX_READY <url>"; scripts wait for it.
 * Request log lines show method, path and status only: never a query string, header or body,
 * because those carry whatever keys and passwords the caller sent.
 */

const { createSandbox, SANDBOX_CREDENTIALS } = require('./server');

const DEFAULT_PORT = 4010;
const USAGE = `Usage: node sandbox/cli.js [options]
  --port <n>               port on 127.0.0.1 (default $SANDBOX_PORT or ${DEFAULT_PORT}; 0 = any free port)
  --latency <ms>           delay every provider answer by this many milliseconds (default 0)
  --betatel-webhook <url>  POST Betatel status events (PENDING, SENT, DELIVERED[, READ]) here
  --skycore-postback <url> POST Skycore SMS_MT postbacks (N201, N202) here
  --status-interval <ms>   time between two status callbacks (default 1000)
  --rate-limit <n>         SMS gateway requests per minute and key (default 60)
  --quiet                  do not log one line per provider request
  --help                   show this help`;

const VALUE_OPTIONS = {
	'--port': 'port',
	'--latency': 'latencyMs',
	'--betatel-webhook': 'betatelWebhookUrl',
	'--skycore-postback': 'skycorePostbackUrl',
	'--status-interval': 'statusIntervalMs',
	'--rate-limit': 'gatewayRateLimit',
};
const NUMERIC_OPTIONS = new Set(['port', 'latencyMs', 'statusIntervalMs', 'gatewayRateLimit']);

function fail(message) {
	process.stderr.write(`${message}\n\n${USAGE}\n`);
	process.exit(2);
}

function parseArgs(argv) {
	const options = { quiet: false };
	for (let i = 0; i < argv.length; i++) {
		const [flag, inlineValue] = argv[i].split(/=(.*)/s, 2);
		if (flag === '--help' || flag === '-h') {
			process.stdout.write(`${USAGE}\n`);
			process.exit(0);
		}
		if (flag === '--quiet') {
			options.quiet = true;
			continue;
		}
		const name = VALUE_OPTIONS[flag];
		if (!name) fail(`Unknown option ${flag}`);
		const value = inlineValue !== undefined ? inlineValue : argv[++i];
		if (value === undefined) fail(`Option ${flag} needs a value`);
		if (NUMERIC_OPTIONS.has(name)) {
			const number = Number(value);
			if (value.trim() === '' || !Number.isFinite(number)) fail(`Option ${flag} needs a number, got "${value}"`);
			options[name] = number;
		} else {
			options[name] = value;
		}
	}
	return options;
}

/** Origin and path only: a webhook URL's query string may carry a token. */
function describeCallbackUrl(url) {
	if (!url) return 'off';
	const parsed = new URL(url);
	return `${parsed.origin}${parsed.pathname}`;
}

function banner(sandbox) {
	const { betatelSms, betatelWhatsApp, skycore, smsGateway, openAi } = SANDBOX_CREDENTIALS;
	const urls = sandbox.baseUrls;
	const config = sandbox.getConfig();
	return [
		`SMS/OTP provider sandbox listening on ${sandbox.url}`,
		'',
		'Credentials (fixed sandbox values):',
		`  Betatel SMS       base URL      ${urls.betatel}`,
		`                    API key       ${betatelSms.apiKey}`,
		`                    user ID       ${betatelSms.userId}`,
		`  Betatel WhatsApp  base URL      ${urls.betatel}`,
		`                    API key       ${betatelWhatsApp.apiKey}`,
		`                    account ID    ${betatelWhatsApp.accountId}`,
		`  Skycore           endpoint URL  ${urls.skycore}`,
		`                    API key       ${skycore.apiKey}`,
		`  SMS Gateway       base URL      ${urls.smsGateway}`,
		`                    username      ${smsGateway.username}`,
		`                    password      ${smsGateway.password}`,
		`                    API key       ${smsGateway.apiKey}`,
		`                    spare API key ${smsGateway.spareApiKey}`,
		`  OpenAI (stand-in) base URL      ${urls.openAi}`,
		`                    API key       ${openAi.apiKey}`,
		'',
		`Betatel webhook:  ${describeCallbackUrl(config.betatelWebhookUrl)}`,
		`Skycore postback: ${describeCallbackUrl(config.skycorePostbackUrl)}`,
		`Latency:          ${config.latencyMs} ms`,
		`Status interval:  ${config.statusIntervalMs} ms`,
		`Gateway limit:    ${config.gatewayRateLimit} requests/min per key`,
		`Control API:      ${sandbox.url}/__sandbox/ (health, requests, callbacks, accepted, faults, config, reset)`,
		`SANDBOX_READY ${sandbox.url}`,
	].join('\n');
}

async function main() {
	const { port: portOption, quiet, ...config } = parseArgs(process.argv.slice(2));
	const port = portOption ?? (process.env.SANDBOX_PORT ? Number(process.env.SANDBOX_PORT) : DEFAULT_PORT);
	if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`Invalid port "${port}"`);

	let sandbox;
	try {
		sandbox = createSandbox({ ...config, log: quiet ? undefined : (line) => console.log(`[sandbox] ${line}`) });
	} catch (error) {
		fail(error.message);
	}
	try {
		await sandbox.start(port);
	} catch (error) {
		process.stderr.write(`Cannot listen on 127.0.0.1:${port}: ${error.message}\n`);
		process.exit(1);
	}
	console.log(banner(sandbox));

	let stopping = false;
	const shutdown = async (signal) => {
		if (stopping) return;
		stopping = true;
		await sandbox.stop();
		console.log(`Sandbox stopped (${signal})`);
		process.exit(0);
	};
	process.on('SIGINT', () => shutdown('SIGINT'));
	process.on('SIGTERM', () => shutdown('SIGTERM'));
}

main();
