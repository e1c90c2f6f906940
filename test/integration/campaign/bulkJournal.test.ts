/**
 * Bulk Send with a delivery journal, on every provider: a rerun of the same campaign sends
 * nothing twice, a different text is a different message, what an interrupted run left
 * `pending` is reported `unknown` (or sent again with Resend Unknown), `failed` is sent
 * again, and a journal that cannot be written stops the run before the request leaves.
 */
import type { IDataObject } from 'n8n-workflow';
import { betatelSmsFixture, betatelWhatsAppFixture, skycoreFixture, smsGatewayFixture } from '../support/fixtures';
import { useFakeN8nApi } from '../support/fakeN8nApi';
import type { SendFixture } from '../support/providerContract';
import { expectNoSecrets, useSandbox } from '../support/sandbox';
import {
	acceptedNumbers,
	CAMPAIGN,
	campaignOptions,
	createJournal,
	journalCounts,
	journalRows,
	outputOf,
	runCampaign,
	statusesOf,
} from './support';

const handle = useSandbox();
const api = useFakeN8nApi();

const numbers = (count: number, from = 0) => Array.from({ length: count }, (_, index) => `+4479111${String(from + index).padStart(5, '0')}`);
const digits = (list: string[]) => list.map((number) => number.slice(1)).sort();

async function bulk(fixture: SendFixture, to: string[], options: IDataObject, text = 'Sale starts today', extra: object = {}) {
	return await runCampaign(handle, api, { fixture, operation: 'sendBulk', items: [{ to, text }], options, ...extra });
}

describe.each([
	['Betatel SMS', betatelSmsFixture],
	['Betatel WhatsApp', betatelWhatsAppFixture],
	['Skycore', skycoreFixture],
	['SMS Gateway', smsGatewayFixture],
])('%s Bulk Send with a journal', (_name, fixture) => {
	it('records each message, and a rerun sends none of them again', async () => {
		createJournal(api);
		const to = numbers(12);
		const first = outputOf(await bulk(fixture, to, campaignOptions({}, { concurrency: 4 })));
		expect(statusesOf(first)).toEqual(Array(12).fill('accepted'));
		expect(acceptedNumbers(handle)).toEqual(digits(to));
		expect(journalCounts(api)).toEqual({ pending: 12, accepted: 12 });
		// Every message's `pending` row was written before its `accepted` row.
		const rows = journalRows(api);
		for (const number of to) {
			expect(rows.filter(([recipient]) => recipient === number).map(([, status]) => status)).toEqual(['pending', 'accepted']);
		}

		handle.sandbox.reset();
		const rerun = outputOf(await bulk(fixture, to, campaignOptions({}, { concurrency: 4 })));
		expect(statusesOf(rerun)).toEqual(Array(12).fill('skipped'));
		expect(handle.received()).toHaveLength(0);
		rerun.forEach((item, index) => {
			expect(item).toMatchObject({ to: to[index].slice(1), messageId: first[index].messageId, acceptedAt: expect.any(String) });
			expect(item.note).toMatch(/^Already accepted in campaign "newsletter-2026-12" as message .+ at .+; not sent again\.$/);
		});
		expect(journalCounts(api)).toEqual({ pending: 12, accepted: 12 });
		expectNoSecrets(rerun);
	});
});

describe('Bulk Send with a journal (Betatel SMS)', () => {
	const fixture = betatelSmsFixture;

	it('sends another text to the same people, and the same text under another campaign key', async () => {
		createJournal(api);
		const to = numbers(3);
		await bulk(fixture, to, campaignOptions({}));
		handle.sandbox.reset();
		expect(statusesOf(outputOf(await bulk(fixture, to, campaignOptions({}), 'Sale ends tomorrow')))).toEqual(['accepted', 'accepted', 'accepted']);
		expect(statusesOf(outputOf(await bulk(fixture, to, campaignOptions({ campaignKey: 'other' }))))).toEqual(['accepted', 'accepted', 'accepted']);
		expect(handle.received()).toHaveLength(6);
	});

	it('reports what an interrupted run left pending as unknown and does not send it; Resend Unknown sends it', async () => {
		const journal = createJournal(api);
		const to = numbers(5);
		await bulk(fixture, to.slice(0, 2), campaignOptions({}));
		// What a run killed after writing `pending` and before the answers leaves behind.
		const hash = String(journal.rows[0].contentHash);
		for (const number of to.slice(2, 4)) {
			journal.rows.push({ id: journal.nextId++, campaign: CAMPAIGN, recipient: number, contentHash: hash, status: 'pending', messageId: null, executionId: 'killed', at: '2026-12-01T10:00:00.000Z' });
		}
		handle.sandbox.reset();
		const rerun = outputOf(await bulk(fixture, to, campaignOptions({})));
		expect(statusesOf(rerun)).toEqual(['skipped', 'skipped', 'unknown', 'unknown', 'accepted']);
		expect(rerun[2]).toMatchObject({ messageId: null, startedAt: '2026-12-01T10:00:00.000Z' });
		expect(rerun[2].note).toMatch(/may have been delivered\. Check with the provider .*turn on Resend Unknown\.$/);
		expect(acceptedNumbers(handle)).toEqual(digits([to[4]]));

		handle.sandbox.reset();
		const resent = outputOf(await bulk(fixture, to, campaignOptions({ resendUnknown: true })));
		expect(statusesOf(resent)).toEqual(['skipped', 'skipped', 'accepted', 'accepted', 'skipped']);
		expect(acceptedNumbers(handle)).toEqual(digits(to.slice(2, 4)));
	});

	it('sends a message the provider refused again in the next run', async () => {
		createJournal(api);
		const to = numbers(3);
		handle.sandbox.injectFault({ path: fixture.path, status: 400, body: { message: 'Invalid number' } });
		const first = outputOf(await bulk(fixture, to, campaignOptions({}, { concurrency: 1 }), 'Sale', { continueOnFail: true }));
		expect(statusesOf(first)).toEqual(['failed', 'accepted', 'accepted']);
		expect(journalRows(api).filter(([, status]) => status === 'failed')).toEqual([[to[0], 'failed']]);
		handle.sandbox.reset();
		expect(statusesOf(outputOf(await bulk(fixture, to, campaignOptions({}), 'Sale')))).toEqual(['accepted', 'skipped', 'skipped']);
		expect(acceptedNumbers(handle)).toEqual(digits([to[0]]));
	});

	it.each([
		['never holds more than Concurrency messages in doubt', false, 10],
		['written ahead, never holds more than twice Concurrency in doubt', true, 20],
	])('%s, and writes in batches', async (_name, writeAhead, bound) => {
		createJournal(api);
		const to = numbers(40);
		outputOf(await bulk(fixture, to, campaignOptions({ writeAhead }, { concurrency: 10 })));
		expect(journalCounts(api)).toEqual({ pending: 40, accepted: 40 });
		// Whenever a crash comes, between any two rows, at most `bound` messages are `pending` without an answer.
		const inDoubt = new Set<string>();
		let most = 0;
		for (const [recipient, status] of journalRows(api)) {
			if (status === 'pending') inDoubt.add(recipient);
			else inDoubt.delete(recipient);
			most = Math.max(most, inDoubt.size);
		}
		expect(most).toBeLessThanOrEqual(bound);
		// Answers and new requests share writes: far fewer writes than messages.
		expect(api.requests.filter((request) => request.method === 'POST').length).toBeLessThanOrEqual(20);
	});

	it('sends nothing whose pending row could not be written, and stops there', async () => {
		createJournal(api);
		const to = numbers(30);
		// The journal takes the first window's write, then answers 500.
		api.refuse = { method: 'POST', status: 500, skip: 1 };
		const result = await bulk(fixture, to, campaignOptions({}, { concurrency: 10 }), 'Sale', { continueOnFail: true });
		const items = outputOf(result);
		const sent = items.filter((item) => item.status === 'accepted');
		const notSent = items.filter((item) => item.status === 'failed');
		expect(sent.length + notSent.length).toBe(30);
		expect(sent.length).toBeGreaterThan(0);
		for (const item of notSent) expect((item.error as IDataObject).message).toMatch(/^Not sent: the journal could not record it before it left \(Could not record the messages in data table "sms-journal": n8n's API answered HTTP 500/);
		// Every number that reached the provider has its pending row in the journal.
		const pending = new Set(journalRows(api).filter(([, status]) => status === 'pending').map(([recipient]) => recipient.slice(1)));
		for (const number of acceptedNumbers(handle)) expect(pending.has(number)).toBe(true);
		expect(acceptedNumbers(handle)).toHaveLength(sent.length);
	});
});
