/**
 * The opt-out list and the dry run, on every provider's Bulk Send: listed numbers never
 * reach the provider and come out `optedOut`; the list is read once per run, and again only
 * when n8n says it changed; a dry run shows the exact request each message would have made,
 * without a secret, sends nothing and writes no journal row.
 */
import type { IDataObject } from 'n8n-workflow';
import { forgetOptOutLists } from '../../../nodes/shared/campaign/optOut';
import { betatelSmsFixture, betatelWhatsAppFixture, skycoreFixture, smsGatewayFixture } from '../support/fixtures';
import { useFakeN8nApi } from '../support/fakeN8nApi';
import type { SendFixture } from '../support/providerContract';
import { expectNoSecrets, useSandbox } from '../support/sandbox';
import { acceptedNumbers, byName, campaignOptions, createJournal, createOptOutList, journalCounts, OPT_OUT_NAME, outputOf, runCampaign, statusesOf } from './support';

const handle = useSandbox();
const api = useFakeN8nApi();
beforeEach(() => forgetOptOutLists());

const TO = ['+447911100001', '+447911100002', '+447911100003', '+447911100004'];
const optOutOnly = { journal: '', campaignKey: '', optOutList: byName(OPT_OUT_NAME) };

async function bulk(fixture: SendFixture, options: IDataObject, to = TO) {
	return outputOf(await runCampaign(handle, api, { fixture, operation: 'sendBulk', items: [{ to, text: 'Sale starts today' }], options }));
}

describe.each([
	['Betatel SMS', betatelSmsFixture],
	['Betatel WhatsApp', betatelWhatsAppFixture],
	['Skycore', skycoreFixture],
	['SMS Gateway', smsGatewayFixture],
])('%s', (_name, fixture) => {
	it('drops the numbers on the opt-out list before sending, however they are written there', async () => {
		createOptOutList(api, ['+44 7911 100002', '447911100004', 'not a number']);
		const items = await bulk(fixture, campaignOptions(optOutOnly));
		expect(statusesOf(items)).toEqual(['accepted', 'optedOut', 'accepted', 'optedOut']);
		expect(items[1]).toMatchObject({ to: '447911100002', messageId: null, note: '+447911100002 is on the opt-out list "sms-opt-out"; not sent.' });
		expect(acceptedNumbers(handle)).toEqual(['447911100001', '447911100003']);
	});

	it('in a dry run, shows each request it would have sent, sends nothing and writes no journal row', async () => {
		createJournal(api);
		createOptOutList(api, ['+447911100003']);
		const items = await bulk(fixture, campaignOptions({ optOutList: byName(OPT_OUT_NAME) }, { dryRun: true }));
		expect(statusesOf(items)).toEqual(['dryRun', 'dryRun', 'optedOut', 'dryRun']);
		expect(handle.received()).toHaveLength(0);
		expect(journalCounts(api)).toEqual({});
		expectNoSecrets(items);
		const request = items[0].request as IDataObject;
		expect(request).toMatchObject({ method: 'POST', url: `${handle.url()}${fixture.path}` });
		expect(items[0].note).toBe('Dry run: not sent.');

		// The body is exactly what the same run sends for real, but the fields the credential
		// adds on the way out (the gateway's v1 username and password).
		await bulk(fixture, campaignOptions(optOutOnly));
		const sent = handle.received()[0];
		const { username: _username, password: _password, ...signed } = sent.body ?? Object.fromEntries(new URLSearchParams(sent.rawBody));
		expect(request.body).toEqual(signed);
	});
});

describe('the opt-out list (Betatel SMS)', () => {
	const fixture = betatelSmsFixture;

	const rowPages = () => api.requests.filter((request) => request.method === 'GET' && request.path.endsWith('/rows'));
	const change = async (method: string, route: string, body?: object) =>
		await fetch(`${api.url}/api/v1/data-tables/${api.tables[0].id}${route}`, {
			method,
			headers: { 'content-type': 'application/json', 'x-n8n-api-key': 'fake-n8n-api-key-for-otp-tests' },
			body: body ? JSON.stringify(body) : undefined,
		});
	const long = Array.from({ length: 1001 }, (_, index) => `+4479112${String(index).padStart(5, '0')}`);

	it('is read once per run, not again while n8n says it has not changed, and only its new rows when some were added', async () => {
		createOptOutList(api, long);
		await bulk(fixture, campaignOptions(optOutOnly));
		// Five pages of up to 250 rows, each asking for the ids after the last one read.
		expect(rowPages().map((request) => JSON.parse(request.query.filter).filters.at(-1))).toEqual(
			[0, 250, 500, 750, 1000].map((value) => ({ columnName: 'id', condition: 'gt', value })),
		);
		await bulk(fixture, campaignOptions(optOutOnly));
		expect(rowPages()).toHaveLength(5);

		// A number added (as n8n's Data Table node adds it) is honoured in the next run, which
		// reads the rows from a little below the highest id it kept.
		await change('POST', '/rows', { data: [{ number: '+447911100001' }] });
		handle.sandbox.reset();
		expect(statusesOf(await bulk(fixture, campaignOptions(optOutOnly)))).toEqual(['optedOut', 'accepted', 'accepted', 'accepted']);
		expect(rowPages()).toHaveLength(6);
		expect(JSON.parse(rowPages()[5].query.filter).filters).toEqual([
			{ columnName: 'id', condition: 'gt', value: 1001 - 200 },
			{ columnName: 'id', condition: 'gt', value: 0 },
		]);
	});

	it('reads the list whole again after a row was deleted, and ten minutes after the last whole read', async () => {
		createOptOutList(api, [...long, '+447911100001']);
		expect(statusesOf(await bulk(fixture, campaignOptions(optOutOnly)))[0]).toBe('optedOut');
		await change('DELETE', `/rows/delete?filter=${encodeURIComponent(JSON.stringify({ type: 'and', filters: [{ columnName: 'number', condition: 'eq', value: '+447911100001' }] }))}`);
		expect(statusesOf(await bulk(fixture, campaignOptions(optOutOnly)))[0]).toBe('accepted');

		// An edited number, changed together with an addition, shows at the next whole read
		// (row 1 is far below the rows read again).
		await change('PATCH', '/rows/update', { filter: { type: 'and', filters: [{ columnName: 'id', condition: 'eq', value: 1 }] }, data: { number: '+447911100002' } });
		await change('POST', '/rows', { data: [{ number: '+447911100003' }] });
		expect(statusesOf(await bulk(fixture, campaignOptions(optOutOnly)))).toEqual(['accepted', 'accepted', 'optedOut', 'accepted']);
		const later = Date.now() + 10 * 60_000 + 1;
		const clock = jest.spyOn(Date, 'now').mockReturnValue(later);
		try {
			await change('POST', '/rows', { data: [{ number: '+447911100004' }] });
			expect(statusesOf(await bulk(fixture, campaignOptions(optOutOnly)))).toEqual(['accepted', 'optedOut', 'optedOut', 'optedOut']);
			expect(JSON.parse(rowPages().at(-5)!.query.filter).filters).toEqual([{ columnName: 'id', condition: 'gt', value: 0 }]);
		} finally {
			clock.mockRestore();
		}
	});

	it('counts the segments of each message in a dry run of Send', async () => {
		const items = outputOf(
			await runCampaign(handle, api, {
				fixture,
				operation: 'send',
				items: [{ to: '+447911100001', text: 'Grüße 🎉' }, { to: '+447911100002', text: 'x'.repeat(161) }],
				options: { dryRun: true },
				dataTableCredential: null,
			}),
		);
		expect(items).toEqual([
			expect.objectContaining({ status: 'dryRun', to: '447911100001', encoding: 'UCS-2', segments: 1, request: expect.objectContaining({ body: { from: 'Sender', to: '447911100001', text: 'Grüße 🎉' } }) }),
			expect.objectContaining({ status: 'dryRun', to: '447911100002', encoding: 'GSM-7', segments: 2 }),
		]);
		expect(handle.received()).toHaveLength(0);
	});
});
