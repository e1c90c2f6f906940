/**
 * The per-item Send operations with campaign options (one output item per input item, with
 * the same statuses as Bulk Send), and the rerun promise end to end in n8n-core's engine: a
 * Bulk Send cancelled half way, then run again, reaches each number exactly once.
 */
import type { IDataObject } from 'n8n-workflow';
import { forgetOptOutLists } from '../../../nodes/shared/campaign/optOut';
import { betatelSmsFixture, betatelWhatsAppFixture, skycoreFixture, smsGatewayFixture } from '../support/fixtures';
import { useFakeN8nApi } from '../support/fakeN8nApi';
import { expectNoSecrets, useSandbox } from '../support/sandbox';
import { acceptedNumbers, byName, campaignOptions, createJournal, createOptOutList, journalCounts, OPT_OUT_NAME, outputOf, runCampaign, statusesOf } from './support';

const handle = useSandbox();
const api = useFakeN8nApi();
beforeEach(() => forgetOptOutLists());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
	['Betatel SMS', betatelSmsFixture],
	['Betatel WhatsApp', betatelWhatsAppFixture],
	['Skycore', skycoreFixture],
	['SMS Gateway', smsGatewayFixture],
])('%s Send with campaign options', (_name, fixture) => {
	it('gives one output item per input item: sent, opted out, repeated, and skipped on the rerun', async () => {
		createJournal(api);
		createOptOutList(api, ['+447911100002']);
		const items: IDataObject[] = [
			{ to: '+447911100001', text: 'Sale' },
			{ to: '+447911100002', text: 'Sale' },
			{ to: '+447911100001', text: 'Sale' },
			{ to: '+447911100001', text: 'Another text' },
		];
		const options = campaignOptions({ optOutList: byName(OPT_OUT_NAME) });
		const first = outputOf(await runCampaign(handle, api, { fixture, operation: 'send', items, options }));
		expect(statusesOf(first)).toEqual(['accepted', 'optedOut', 'duplicate', 'accepted']);
		expect(first[2].note).toBe('Same number and message as item 0; sent once there.');
		expect(acceptedNumbers(handle)).toEqual(['447911100001', '447911100001']);
		expect(journalCounts(api)).toEqual({ pending: 2, accepted: 2 });

		handle.sandbox.reset();
		const rerun = await runCampaign(handle, api, { fixture, operation: 'send', items, options });
		expect(rerun.items!.map((item) => [item.pairedItem, item.json.status])).toEqual([
			[{ item: 0 }, 'skipped'],
			[{ item: 1 }, 'optedOut'],
			[{ item: 2 }, 'skipped'],
			[{ item: 3 }, 'skipped'],
		]);
		expect(rerun.items![0].json).toMatchObject({ provider: fixture.provider === 'SMS Gateway' ? 'smsGateway' : fixture.provider.toLowerCase(), messageId: first[0].messageId });
		expect(handle.received()).toHaveLength(0);
		expectNoSecrets(rerun.items);
	});
});

it('SMS Gateway Send leaves an opted-out number out of an item with several, and says so', async () => {
	createOptOutList(api, ['+447911100002']);
	const items = outputOf(
		await runCampaign(handle, api, {
			fixture: smsGatewayFixture,
			operation: 'send',
			items: [{ to: '+447911100001, +447911100002, +447911100003', text: 'Sale' }],
			options: campaignOptions({ journal: '', campaignKey: '', optOutList: byName(OPT_OUT_NAME) }),
		}),
	);
	expect(items).toEqual([
		expect.objectContaining({
			status: 'accepted',
			to: '447911100001,447911100003',
			dropped: [expect.objectContaining({ to: '447911100002', status: 'optedOut' })],
		}),
	]);
	expect(handle.received().map((request) => new URLSearchParams(request.rawBody).get('numbers'))).toEqual(['447911100001,447911100003']);
});

/**
 * n8n aborts every authenticated request of a stopped execution (n8n-core's
 * httpRequestWithAuthentication attaches the execution's cancel signal): the requests in
 * flight, and the journal's own last writes. What the journal last recorded `pending` without
 * an answer is therefore reported `unknown` by the rerun and not sent again: the messages that
 * were in flight, answered since the last write, or written `pending` in the window ahead.
 * At most 2.5 × Concurrency (docs/campaigns.md); every other number goes exactly once.
 */
it('a Bulk Send cancelled half way, then run again, reaches no number twice and reports what it cannot know', async () => {
	createJournal(api);
	handle.sandbox.configure({ latencyMs: 20 });
	const concurrency = 10;
	const to = Array.from({ length: 200 }, (_, index) => `+4479111${String(index).padStart(5, '0')}`);
	const run = (cancelOn?: Promise<unknown>) =>
		runCampaign(handle, api, { fixture: betatelSmsFixture, operation: 'sendBulk', items: [{ to, text: 'Sale' }], options: campaignOptions({}, { concurrency }), cancelOn });

	// Cancelled once the sandbox took 60 messages, whatever the machine's speed.
	const cancelled = await run(handle.sandbox.waitForAccepted(60, 30000));
	expect(cancelled.run.status).toBe('canceled');
	// The node's aborted requests settle in the background: wait until nothing more arrives.
	for (let seen = -1; seen !== handle.received().length; ) {
		seen = handle.received().length;
		await sleep(100);
	}
	const firstPart = new Set(acceptedNumbers(handle));
	expect(firstPart.size).toBeGreaterThan(0);
	expect(firstPart.size).toBeLessThan(200);

	const rerun = outputOf(await run());
	const withStatus = (status: string) => rerun.filter((item) => item.status === status).map((item) => String(item.to));
	const [skipped, unknown, accepted] = [withStatus('skipped'), withStatus('unknown'), withStatus('accepted')];
	expect(skipped.length + unknown.length + accepted.length).toBe(200);
	expect(unknown.length).toBeLessThanOrEqual(2.5 * concurrency);
	// Skipped: recorded as accepted by the first run; sent by the rerun: what the first never reached.
	for (const number of skipped) expect(firstPart.has(number)).toBe(true);
	for (const number of accepted) expect(firstPart.has(number)).toBe(false);
	// No number reached twice; a number never reached is one the rerun reports unknown.
	const all = acceptedNumbers(handle);
	expect(new Set(all).size).toBe(all.length);
	const reached = new Set(all);
	for (const item of rerun) if (!reached.has(String(item.to))) expect(item.status).toBe('unknown');
});
