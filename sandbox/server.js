'use strict';

/**
 * Provider sandbox: one HTTP server on 127.0.0.1 that plays Betatel (SMS and WhatsApp OTP),
 * Skycore (Messaging API v2) and the self-hosted Laravel SMS gateway as their documents in
 * ../shared/api-docs/ describe them. Used by the jest integration tests, the e2e suite and
 * `npm run dev`. Plain Node, no dependencies. See sandbox/README.md (its "Layout" section says
 * where each part lives: the core in core/, one module per provider in providers/).
 */

const { createSandbox, ProviderSandbox, SANDBOX_CREDENTIALS, DEFAULT_CONFIG } = require('./core/sandbox');
const { smsParts } = require('./core/smsParts');

module.exports = {
	createSandbox,
	ProviderSandbox,
	SANDBOX_CREDENTIALS,
	DEFAULT_CONFIG,
	smsParts,
};
