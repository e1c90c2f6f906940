/** Joins a credential's base URL and an API path, tolerating a trailing slash on the base. */
export function joinUrl(baseUrl: string, path: string): string {
	return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

/** The scheme, host and port of a URL, for messages (never its path or query); the input as is if it is not a URL. */
export function originOf(url: string, base?: string): string {
	try {
		return new URL(url, base).origin;
	} catch {
		return base ?? url;
	}
}

/** A credential's URL field, trimmed, or the fallback when it is empty. */
export function credentialUrl(value: unknown, fallback = ''): string {
	const url = typeof value === 'string' ? value.trim() : '';
	return url === '' ? fallback : url;
}

/**
 * Why a credential's address cannot work, or undefined when it can: only http and https
 * reach a provider. `url` is the request's full URL, built from the credential's field (an
 * empty field leaves only the API path).
 */
export function urlProblem(url: string): string | undefined {
	const trimmed = url.trim();
	if (trimmed === '' || trimmed.startsWith('/')) return 'is empty';
	// What the user typed, without the API path the node appended.
	const typed = (/^[^/]*\/\/[^/]*/.exec(trimmed)?.[0] ?? trimmed.split('/')[0]).slice(0, 60);
	if (!/^https?:\/\//i.test(trimmed)) return `must start with http:// or https://, got "${typed}"`;
	try {
		new URL(trimmed);
	} catch {
		return `is not a valid address: "${typed}"`;
	}
	return undefined;
}
