import type { IDataObject } from 'n8n-workflow';
import type { StatusEvent } from '../../nodes/SmsStatusTrigger/events/statusEvent';
import { parseBasicAuthorization, sameSecret } from '../../nodes/SmsStatusTrigger/webhook/authenticate';
import type { WebhookRequest } from '../../nodes/SmsStatusTrigger/webhook/body';
import { checkBody, MAX_BODY_BYTES } from '../../nodes/SmsStatusTrigger/webhook/body';
import {
	dropRecentRepeats,
	MAX_REMEMBERED_EVENTS,
	REMEMBER_FOR_MS,
	STATIC_DATA_KEY,
} from '../../nodes/SmsStatusTrigger/webhook/duplicates';

describe('secrets', () => {
	test('equal only when identical, whatever the lengths', () => {
		expect(sameSecret('s3cret-token', 's3cret-token')).toBe(true);
		expect(sameSecret('s3cret-toke', 's3cret-token')).toBe(false);
		expect(sameSecret('', 's3cret-token')).toBe(false);
		expect(sameSecret('x'.repeat(10000), 's3cret-token')).toBe(false);
		expect(sameSecret('Ünïcode', 'Ünïcode')).toBe(true);
	});

	test('Basic Authorization headers', () => {
		const header = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
		expect(parseBasicAuthorization(header('skycore:pa:ss'))).toEqual({ user: 'skycore', password: 'pa:ss' });
		expect(parseBasicAuthorization(header(':'))).toEqual({ user: '', password: '' });
		expect(parseBasicAuthorization(`basic   ${Buffer.from('a:b').toString('base64')}`)).toEqual({ user: 'a', password: 'b' });
		expect(parseBasicAuthorization(header('no-colon'))).toBeNull();
		expect(parseBasicAuthorization('Bearer abc')).toBeNull();
		expect(parseBasicAuthorization(undefined)).toBeNull();
		expect(parseBasicAuthorization(['Basic YTpi', 'Basic YTpi'])).toBeNull();
	});
});

describe('bodies', () => {
	const request = (contentType: string | undefined, raw: string): WebhookRequest => ({
		headers: {},
		contentType,
		rawBody: Buffer.from(raw),
	});

	test('parsed JSON and XML pass as they are', () => {
		expect(checkBody(request('application/json', '{"a":1}'), { a: 1 })).toEqual({ accepted: true, value: { a: 1 } });
		expect(checkBody(request('application/json', '[]'), [])).toEqual({ accepted: true, value: [] });
		expect(checkBody(request('application/xml', '<a>1</a>'), { a: '1' })).toEqual({ accepted: true, value: { a: '1' } });
	});

	test('JSON that n8n left as text or unparsed is read', () => {
		expect(checkBody(request('text/plain', '{"a":1}'), '{"a":1}')).toEqual({ accepted: true, value: { a: 1 } });
		expect(checkBody(request(undefined, '\uFEFF[{"a":1}]'), undefined)).toEqual({ accepted: true, value: [{ a: 1 }] });
		expect(checkBody(request('application/vnd.api+json', '{"a":1}'), undefined)).toEqual({
			accepted: true,
			value: { a: 1 },
		});
	});

	test.each([
		['an empty JSON body', request('application/json', ''), undefined, 'the body is empty'],
		['whitespace-only XML', request('application/xml', '   '), null, 'the body is empty'],
		['JSON null', request('application/json', 'null'), null, 'the body holds no status event'],
		['a JSON number', request('application/json', '5'), 5, 'the body holds no status event'],
		['plain text', request('text/plain', 'DELIVERED 123'), 'DELIVERED 123', 'the body is not JSON or XML'],
		['bytes', request('application/octet-stream', '\u0001\u0002'), undefined, 'the body is not JSON or XML'],
		['broken JSON as text', request('text/plain', '{"a":'), '{"a":', 'the body is not valid JSON'],
		['a form', request('application/x-www-form-urlencoded', 'code=N201'), { code: 'N201' }, 'the body is form data, not JSON or XML'],
		['multipart', request('multipart/form-data', ''), { code: 'N201' }, 'the body is form data, not JSON or XML'],
	])('%s is refused', (_name, given, body, reason) => {
		expect(checkBody(given, body)).toEqual({ accepted: false, reason });
	});

	test('over 1 MB is refused, by its bytes or its declared length', () => {
		const big = 'x'.repeat(MAX_BODY_BYTES + 1);
		expect(checkBody(request('application/json', big), { a: 1 })).toEqual({
			accepted: false,
			reason: 'the body is larger than 1 MB',
		});
		expect(checkBody({ headers: { 'content-length': String(MAX_BODY_BYTES + 1) } }, { a: 1 })).toMatchObject({
			accepted: false,
		});
		expect(checkBody(request('application/json', 'x'.repeat(MAX_BODY_BYTES)), { a: 1 })).toMatchObject({
			accepted: true,
		});
	});
});

describe('ignoring repeats', () => {
	const NOW = Date.UTC(2026, 0, 1);
	const event = (messageId: string | null, status = 'delivered'): StatusEvent =>
		({ provider: 'betatel', messageId, status, providerStatus: status.toUpperCase() }) as StatusEvent;

	test('a (message, status) pair seen before is dropped; another status of the same message is not', () => {
		const staticData: IDataObject = {};
		expect(dropRecentRepeats(staticData, [event('m1')], NOW)).toHaveLength(1);
		expect(dropRecentRepeats(staticData, [event('m1')], NOW + 60_000)).toEqual([]);
		expect(dropRecentRepeats(staticData, [event('m1', 'read')], NOW + 60_000)).toHaveLength(1);
		expect(Object.keys(staticData[STATIC_DATA_KEY] as IDataObject)).toEqual([
			'betatel|m1|delivered|DELIVERED',
			'betatel|m1|read|READ',
		]);
	});

	test('a repeat inside one body counts; events without a message ID always pass', () => {
		const fresh = dropRecentRepeats({}, [event('m1'), event('m1'), event(null), event(null)], NOW);
		expect(fresh.map((entry) => entry.messageId)).toEqual(['m1', null, null]);
	});

	test('pairs are forgotten after a day', () => {
		const staticData: IDataObject = {};
		dropRecentRepeats(staticData, [event('m1')], NOW);
		expect(dropRecentRepeats(staticData, [event('m1')], NOW + REMEMBER_FOR_MS)).toHaveLength(1);
	});

	test('at most MAX_REMEMBERED_EVENTS pairs are kept, the oldest forgotten first', () => {
		const staticData: IDataObject = {};
		const many = Array.from({ length: MAX_REMEMBERED_EVENTS + 10 }, (_, index) => event(`m${index}`));
		dropRecentRepeats(staticData, many, NOW);
		const kept = Object.keys(staticData[STATIC_DATA_KEY] as IDataObject);
		expect(kept).toHaveLength(MAX_REMEMBERED_EVENTS);
		expect(kept[0]).toBe('betatel|m10|delivered|DELIVERED');
		expect(dropRecentRepeats(staticData, [event('m0')], NOW + 1)).toHaveLength(1);
	});

	test('static data is not written when nothing changed (n8n saves it after every change)', () => {
		const stored = { 'betatel|m1|delivered|DELIVERED': NOW };
		const staticData: IDataObject = { [STATIC_DATA_KEY]: stored };
		expect(dropRecentRepeats(staticData, [event('m1')], NOW + 1)).toEqual([]);
		expect(staticData[STATIC_DATA_KEY]).toBe(stored);
	});

	test('malformed stored data is dropped, not trusted', () => {
		const staticData: IDataObject = { [STATIC_DATA_KEY]: { 'betatel|m1|delivered|DELIVERED': 'yesterday' } };
		expect(dropRecentRepeats(staticData, [event('m1')], NOW)).toHaveLength(1);
		expect(dropRecentRepeats({ [STATIC_DATA_KEY]: ['x'] }, [event('m1')], NOW)).toHaveLength(1);
	});
});
