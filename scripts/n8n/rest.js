// n8n's REST API as the editor uses it: owner setup and login (cookie auth).
'use strict';

const DEFAULT_OWNER = Object.freeze({
	email: 'owner@example.com',
	password: 'Sandbox-Owner-1',
	firstName: 'Sandbox',
	lastName: 'Owner',
});

async function postJson(url, body, headers = {}) {
	const response = await fetch(url, {
		method: 'POST',
		headers: { 'content-type': 'application/json', ...headers },
		body: JSON.stringify(body),
	});
	const text = await response.text();
	return { response, text };
}

function authCookieFrom(response) {
	const cookies = response.headers.getSetCookie ? response.headers.getSetCookie() : [];
	const auth = cookies.find((cookie) => cookie.startsWith('n8n-auth='));
	return auth ? auth.split(';')[0] : null;
}

/** Logs in through the REST API; resolves the `n8n-auth=...` cookie. */
async function login(baseUrl, { email, password } = DEFAULT_OWNER) {
	// Older n8n versions read `email`, current ones `emailOrLdapLoginId`: send both.
	const { response, text } = await postJson(`${baseUrl}/rest/login`, {
		email,
		emailOrLdapLoginId: email,
		password,
	});
	const cookie = authCookieFrom(response);
	if (!response.ok || !cookie) throw new Error(`login failed: HTTP ${response.status} ${text}`);
	return cookie;
}

/**
 * Creates the instance owner (the account a fresh n8n asks for on first visit) if it
 * does not exist yet, then logs in. Resolves { cookie, owner }.
 */
async function setupOwner(baseUrl, owner = DEFAULT_OWNER) {
	if (await ownerSetupPending(baseUrl)) {
		const { response, text } = await postJson(`${baseUrl}/rest/owner/setup`, owner);
		if (!response.ok) throw new Error(`owner setup failed: HTTP ${response.status} ${text}`);
	}
	return { cookie: await login(baseUrl, owner), owner };
}

/** Whether n8n still shows its "set up owner account" page (asked first, so a kept
 * instance is not sent a setup request that n8n would refuse and log as an error). */
async function ownerSetupPending(baseUrl) {
	const response = await fetch(`${baseUrl}/rest/settings`);
	if (!response.ok) throw new Error(`GET /rest/settings: HTTP ${response.status}`);
	const { data } = await response.json();
	return data?.userManagement?.showSetupOnFirstLoad !== false;
}

module.exports = { DEFAULT_OWNER, postJson, login, setupOwner };
