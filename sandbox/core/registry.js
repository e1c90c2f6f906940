'use strict';

/**
 * Builds everything the core needs to know about providers from the provider list
 * (../providers/index.js): credentials, config defaults and validators, the route table, which
 * provider a path belongs to, and the base URL of each credential.
 *
 * A provider module exports:
 *   name         key of its state in `sandbox.state`
 *   credentials  { <n8n credential name>: { ...fixed values } }
 *   baseUrls     { <credential base URL name>: <path appended to the sandbox URL> }
 *   areas        [{ name, path, subpaths? }]: `name` is what recorded requests show as `provider`
 *   config       { <option>: { default, validate(name, value) } }
 *   initState()  optional, fresh per-provider state (built again on reset)
 *   before(ctx, route, sandbox)  optional, runs before each of its routes; false = answered
 *   errorAnswer(status, { retryAfterSeconds }, sandbox)  optional, { body, headers } of a chaos
 *                429/500 on its paths (how its own server would say it); else a generic body
 *   routes       [{ method, path, handler(ctx, sandbox) }]
 */

const { normalizePath } = require('./http');

function deepFreeze(object) {
	for (const value of Object.values(object)) if (typeof value === 'object' && value !== null) deepFreeze(value);
	return Object.freeze(object);
}

function buildRegistry(providers, coreConfig) {
	const credentials = {};
	const defaults = {};
	const validators = {};
	for (const [name, option] of Object.entries(coreConfig)) {
		defaults[name] = option.default;
		validators[name] = option.validate;
	}
	const routes = [];
	const areas = [];
	for (const provider of providers) {
		Object.assign(credentials, structuredClone(provider.credentials));
		for (const [name, option] of Object.entries(provider.config || {})) {
			if (name in validators) throw new Error(`config option "${name}" is declared twice`);
			defaults[name] = option.default;
			validators[name] = option.validate;
		}
		for (const route of provider.routes) routes.push({ ...route, path: normalizePath(route.path), provider });
		for (const area of provider.areas) areas.push({ ...area, provider });
	}
	const routesByPath = new Map();
	for (const route of routes) routesByPath.set(route.path, [...(routesByPath.get(route.path) || []), route]);
	// Exact path or path and everything under it; the first matching area wins.
	const areaFor = (path) =>
		areas.find((area) => path === area.path || (area.subpaths && path.startsWith(`${area.path}/`))) || null;

	return {
		providers,
		credentials: deepFreeze(credentials),
		defaults: Object.freeze(defaults),
		validators,
		routes,
		routesByPath,
		areaFor,
		/** `betatel-sms`, `skycore`, ... as recorded requests show it, or null for an unknown path. */
		providerForPath: (path) => {
			const area = areaFor(path);
			return area ? area.name : null;
		},
		baseUrls: (url) =>
			Object.assign(
				{},
				...providers.map((provider) =>
					Object.fromEntries(Object.entries(provider.baseUrls).map(([name, path]) => [name, `${url}${path}`])),
				),
			),
	};
}

module.exports = { buildRegistry };
