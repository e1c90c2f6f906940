import { readStatusEvents } from '../../nodes/SmsStatusTrigger/events/readEvents';
import { isoTimestamp } from '../../nodes/SmsStatusTrigger/events/statusEvent';
import {
	BETATEL_STATUSES,
	betatelEvent,
	SKYCORE_POSTBACKS,
	skycoreJson,
} from '../integration/trigger/support/statusBodies';

const RECEIVED_AT = new Date('2026-02-03T04:05:06.000Z');

describe('Betatel status events', () => {
	test.each(Object.entries(BETATEL_STATUSES))('%s becomes %s', (providerStatus, status) => {
		const body = betatelEvent(providerStatus);
		expect(readStatusEvents('betatel', body, RECEIVED_AT)).toEqual([
			{
				provider: 'betatel',
				channel: 'whatsapp',
				messageId: '01JV5V54KPYK9GB29265EQRZ2P',
				status,
				providerStatus,
				to: '38761444555',
				from: null,
				timestamp: '2026-01-01T00:00:00.000Z',
				...(status === 'failed' || status === 'expired'
					? { errorCode: 'UNDELIVERABLE', errorInfo: 'The message could not be delivered to the recipient.' }
					: {}),
				raw: body,
			},
		]);
	});

	test('an SMS status names its message messageId; statuses and field names in any case', () => {
		const [event] = readStatusEvents(
			'betatel',
			{ MessageID: 'c86a6910-e638-11f1-9dde-cd77457d3d84', CHANNEL: 'SMS', Status: 'delivered', To: 38161444555 },
			RECEIVED_AT,
		);
		expect(event).toMatchObject({
			channel: 'sms',
			messageId: 'c86a6910-e638-11f1-9dde-cd77457d3d84',
			status: 'delivered',
			providerStatus: 'delivered',
			to: '38161444555',
		});
	});

	test('an unknown status is passed on as unknown, the provider status kept', () => {
		const [event] = readStatusEvents('betatel', betatelEvent('UNDELIVERED_LATE'), RECEIVED_AT);
		expect(event).toMatchObject({ status: 'unknown', providerStatus: 'UNDELIVERED_LATE' });
	});

	test('an event without a status is unknown, with no provider status', () => {
		const [event] = readStatusEvents('betatel', { messageId: 'm-1' }, RECEIVED_AT);
		expect(event).toMatchObject({ messageId: 'm-1', status: 'unknown', providerStatus: null });
	});

	test('error fields at the top level count too', () => {
		const [event] = readStatusEvents(
			'betatel',
			{ uuid: 'u', status: 'FAILED', errorCode: 'E1', errorMessage: 'No route' },
			RECEIVED_AT,
		);
		expect(event).toMatchObject({ errorCode: 'E1', errorInfo: 'No route' });
	});

	test('a list of events gives one event each, in order', () => {
		const body = [betatelEvent('SENT'), betatelEvent('DELIVERED', { uuid: 'other' }), betatelEvent('READ')];
		const events = readStatusEvents('betatel', body, RECEIVED_AT);
		expect(events.map((event) => [event.messageId, event.status])).toEqual([
			['01JV5V54KPYK9GB29265EQRZ2P', 'sent'],
			['other', 'delivered'],
			['01JV5V54KPYK9GB29265EQRZ2P', 'read'],
		]);
	});

	test('events inside a wrapper object are found', () => {
		const body = { events: [betatelEvent('SENT'), betatelEvent('READ')] };
		expect(readStatusEvents('betatel', body, RECEIVED_AT).map((event) => event.status)).toEqual(['sent', 'read']);
	});

	test('objects without a message ID or status are no events', () => {
		expect(readStatusEvents('betatel', { hello: 'world', nested: { a: 1 } }, RECEIVED_AT)).toEqual([]);
		expect(readStatusEvents('betatel', [1, 'two', null], RECEIVED_AT)).toEqual([]);
		expect(readStatusEvents('betatel', { status: '' }, RECEIVED_AT)).toEqual([]);
	});
});

describe('Skycore postbacks', () => {
	test.each(SKYCORE_POSTBACKS.map((postback) => [postback.code, postback.v1Status, postback]))(
		'JSON %s (%s)',
		(_code, _text, postback) => {
			const body = skycoreJson(postback);
			const failed = postback.code.startsWith('E');
			expect(readStatusEvents('skycore', body, RECEIVED_AT)).toEqual([
				{
					provider: 'skycore',
					channel: 'sms',
					messageId: '3f1c0a9b2d4e',
					status: postback.normalized,
					providerStatus: postback.code,
					to: '17743199144',
					from: '60856',
					timestamp: '2026-01-01T08:20:30.000Z',
					...(failed ? { errorCode: postback.code, errorInfo: postback.v1Status } : {}),
					raw: body,
				},
			]);
		},
	);

	test.each(SKYCORE_POSTBACKS.map((postback) => [postback.code, postback.v1Status, postback]))(
		'XML %s (%s) as n8n parses it',
		(_code, _text, postback) => {
			// n8n's xml2js: tags lowercased, no list for a single element.
			const body = {
				postback: {
					origin: 'SMS_MT',
					code: postback.code,
					status: postback.v1Status,
					from: '60856',
					from_mask: 'Dunder Miff',
					to: '17743199144',
					trackingid: 'abc123',
					spid: '0009999',
					timestamp: '2026-01-01T05:41:08-05:00',
				},
			};
			const [event] = readStatusEvents('skycore', body, RECEIVED_AT);
			expect(event).toMatchObject({
				messageId: 'abc123',
				status: postback.normalized,
				providerStatus: postback.code,
				timestamp: '2026-01-01T10:41:08.000Z',
				raw: body.postback,
			});
		},
	);

	test('several XML postbacks (a list under one tag) give one event each', () => {
		const body = { postbacks: { postback: [{ code: 'N201', trackingid: 'a' }, { $: { v: '1' }, code: 'N202', trackingid: 'b' }] } };
		expect(readStatusEvents('skycore', body, RECEIVED_AT).map((event) => [event.messageId, event.status])).toEqual([
			['a', 'sent'],
			['b', 'delivered'],
		]);
	});

	test('an element with attributes gives its text', () => {
		const [event] = readStatusEvents('skycore', { postback: { code: { _: 'N202', $: { a: '1' } }, trackingid: 'x' } }, RECEIVED_AT);
		expect(event).toMatchObject({ status: 'delivered', providerStatus: 'N202' });
	});

	test('a postback without a code is read from its status text', () => {
		const statuses = ['Sent', 'Delivered', 'Failed', 'Rejected', 'Message Sent/Expired', 'Queued somewhere'].map(
			(status) => readStatusEvents('skycore', { 'tracking-id': 't', status }, RECEIVED_AT)[0].status,
		);
		expect(statuses).toEqual(['sent', 'delivered', 'failed', 'failed', 'expired', 'unknown']);
	});

	test('an unknown code is unknown, even with a known status text', () => {
		const [event] = readStatusEvents('skycore', { 'tracking-id': 't', code: 'N299', status: 'Delivered' }, RECEIVED_AT);
		expect(event).toMatchObject({ status: 'unknown', providerStatus: 'N299' });
	});
});

describe('timestamps', () => {
	test.each([
		['2026-01-01T00:00:00.000+00:00', '2026-01-01T00:00:00.000Z'],
		['2013-11-05T05:41:08-05:00', '2013-11-05T10:41:08.000Z'],
		['2026-01-01 12:30:00', '2026-01-01T12:30:00.000Z'],
		['1767225600', '2026-01-01T00:00:00.000Z'],
		['1767225600000', '2026-01-01T00:00:00.000Z'],
	])('%s → %s', (given, iso) => {
		expect(isoTimestamp(given, RECEIVED_AT)).toBe(iso);
	});

	test('none or an unreadable one gives the time of arrival', () => {
		expect(isoTimestamp(null, RECEIVED_AT)).toBe(RECEIVED_AT.toISOString());
		expect(isoTimestamp('yesterday-ish', RECEIVED_AT)).toBe(RECEIVED_AT.toISOString());
		expect(isoTimestamp('99999999999999999999', RECEIVED_AT)).toBe(RECEIVED_AT.toISOString());
	});
});
