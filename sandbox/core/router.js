'use strict';

/** Finds the provider route for a request: 405 for a known path with another method, else 404. */

function routeRequest(ctx, routesByPath, sandbox) {
	const candidates = routesByPath.get(ctx.path) || [];
	const route = candidates.find((candidate) => candidate.method === ctx.method);
	if (!route && candidates.length > 0) {
		const allow = candidates.map((candidate) => candidate.method).join(', ');
		ctx.reply(405, { error: 'Method Not Allowed', allow }, { allow });
		return;
	}
	if (!route) {
		ctx.reply(404, { error: 'Not Found', message: `No sandbox route for ${ctx.method} ${ctx.path}` });
		return;
	}
	const { before } = route.provider;
	if (before && before(ctx, route, sandbox) === false) return;
	route.handler(ctx, sandbox);
}

module.exports = { routeRequest };
