/**
 * Status reports as the providers (and the sandbox, which plays them) send them, and the
 * request helper the trigger tests post them with.
 */
export const BETATEL_STATUSES = {
	PENDING: 'queued',
	SENT: 'sent',
	DELIVERED: 'delivered',
	READ: 'read',
	FAILED: 'failed',
	EXPIRED: 'expired',
} as const;

export function betatelEvent(status: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
	return {
		uuid: '01JV5V54KPYK9GB29265EQRZ2P',
		channel: 'whatsapp',
		status,
		to: '38761444555',
		timestamp: '2026-01-01T00:00:00.000Z',
		...(status === 'FAILED' || status === 'EXPIRED'
			? { error: { errorCode: 'UNDELIVERABLE', errorMessage: 'The message could not be delivered to the recipient.' } }
			: {}),
		...overrides,
	};
}

/** Skycore's postbacks: code, v2 status, v1 status text, and what the trigger makes of them. */
export const SKYCORE_POSTBACKS = [
	{ code: 'N201', status: 'Sent', v1Status: 'Message Sent', normalized: 'sent' },
	{ code: 'N202', status: 'Delivered', v1Status: 'Message Sent/Delivered', normalized: 'delivered' },
	{ code: 'E201', status: 'Failed', v1Status: 'Message Failed', normalized: 'failed' },
	{ code: 'E202', status: 'Rejected', v1Status: 'Message Sent/Failed', normalized: 'failed' },
	{ code: 'E202', status: 'Rejected', v1Status: 'Message Sent/Expired', normalized: 'expired' },
] as const;

export type SkycorePostback = (typeof SKYCORE_POSTBACKS)[number];

/** The v2 API's JSON postback. */
export function skycoreJson(postback: SkycorePostback, trackingId = '3f1c0a9b2d4e'): Record<string, unknown> {
	return {
		origin: 'SMS_MT',
		code: postback.code,
		'sent-as': 'SMS',
		status: postback.status,
		from: '60856',
		to: '17743199144',
		'tracking-id': trackingId,
		'operator-id': '0009999',
		'operator-name': 'Sandbox Mobile',
		timestamp: '2026-01-01T10:20:30.000+02:00',
		...(postback.code.startsWith('E') ? { 'status-details': postback.v1Status } : {}),
	};
}

/** The older API's XML postback, upper-case tags as Skycore's v1 page shows them. */
export function skycoreXml(postback: SkycorePostback, trackingId = '3f1c0a9b2d4e'): string {
	return [
		'<?xml version="1.0" encoding="UTF-8"?>',
		'<POSTBACK>',
		'<ORIGIN>SMS_MT</ORIGIN>',
		`<CODE>${postback.code}</CODE>`,
		`<STATUS>${postback.v1Status}</STATUS>`,
		'<FROM>60856</FROM>',
		'<FROM_MASK>Dunder Miff</FROM_MASK>',
		'<TO>17743199144</TO>',
		`<TRACKINGID>${trackingId}</TRACKINGID>`,
		'<SPID>0009999</SPID>',
		'<TIMESTAMP>2026-01-01T05:41:08-05:00</TIMESTAMP>',
		'<AGGREGATORID>sandbox-agg</AGGREGATORID>',
		'</POSTBACK>',
		'',
	].join('\n');
}

export interface Answer {
	status: number;
	headers: Headers;
	text: string;
	json: unknown;
}

export interface PostOptions {
	contentType?: string | null;
	headers?: Record<string, string>;
	query?: Record<string, string>;
}

/** POSTs a body (an object as JSON, a text or bytes as they are) and reads the answer. */
export async function post(url: string, body: unknown, options: PostOptions = {}): Promise<Answer> {
	const target = new URL(url);
	for (const [name, value] of Object.entries(options.query ?? {})) target.searchParams.set(name, value);
	const contentType = options.contentType === undefined ? 'application/json' : options.contentType;
	const bodyText = typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body);
	// fetch adds "text/plain" to a string body; bytes go without a content type.
	const payload = contentType === null ? Buffer.from(bodyText) : bodyText;
	const response = await fetch(target, {
		method: 'POST',
		headers: { ...(contentType ? { 'content-type': contentType } : {}), ...options.headers },
		body: payload as string,
	});
	const text = await response.text();
	let json: unknown = null;
	try {
		json = JSON.parse(text);
	} catch {
		json = null;
	}
	return { status: response.status, headers: response.headers, text, json };
}

export function basicAuthorization(user: string, password: string): string {
	return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}
