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
