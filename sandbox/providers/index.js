'use strict';

/** Every provider the sandbox plays. Adding a provider is adding its module to this list. */
module.exports = [
	require('./betatel'),
	require('./skycore'),
	require('./smsGateway'),
	// Not a message provider: the stand-in model that drives n8n's AI Agent in tests and `npm run dev`.
	require('./openaiModel'),
];
