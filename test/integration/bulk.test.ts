/**
 * Bulk Send on every provider, against the sandbox: one output item per recipient in input
 * order, invalid numbers and repeats reported and not sent, the pool shared by all input
 * items, batches for the gateway, throttling retried without sending anything twice.
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../harness/workflowRunner';
import { betatelSmsFixture, skycoreFixture, smsGatewayFixture } from './support/fixtures';
import type { SendFixture } from './support/providerContract';
import { expectNoSecrets, useSandbox } from './support/sandbox';

const handle = useSandbox();

function bulkParameters(fixture: SendFixture, overrides: IDataObject = {}): IDataObject {
	const { to: _to, numbers: _numbers, ...rest } = fixture.parameters;
	return { ...rest, operation: 'sendBulk', recipients: '={{ $json.to }}', ...overrides };
}

async function bulk(fixture: SendFixture, inputs: IDataObject[], overrides: IDataObject = {}, continueOnFail = false) {
	return await runNode(
		{
			type: fixture.nodeType,
			credentials: { [fixture.credentialType]: { id: '1', name: fixture.provider } },
			parameters: bulkParameters(fixture, overrides),
			continueOnFail,
		},
		inputs,
		{ [fixture.credentialType]: fixture.credentials(handle.url()) },
	);
}

const accepted = () => handle.sandbox.accepted as Array<{ to: string; messageId: string; text: string }>;

describe.each([
	['Betatel', betatelSmsFixture],
	['Skycore', skycoreFixture],
	['SMS Gateway', smsGatewayFixture],
])('%s Bulk Send', (_name, fixture) => {
	it('gives one item per recipient in input order: accepted, invalid and duplicate, each linked to its item', async () => {
		const { items, error } = await bulk(fixture, [
			{ to: '+447911123456, +447911123457; +4930123456\n+447911123456', text: 'Code 1' },
			{ to: ['+447911123458', 'not a number', '+447911123456'], text: 'Code 1' },
		]);
		expect(error).toBeUndefined();
		expect(items!.map((item) => [item.pairedItem, item.json.toGiven, item.json.status])).toEqual([
			[{ item: 0 }, '+447911123456', 'accepted'],
			[{ item: 0 }, '+447911123457', 'accepted'],
			[{ item: 0 }, '+4930123456', 'invalid'],
			[{ item: 0 }, '+447911123456', 'duplicate'],
			[{ item: 1 }, '+447911123458', 'accepted'],
			[{ item: 1 }, 'not a number', 'invalid'],
			[{ item: 1 }, '+447911123456', 'duplicate'],
		]);
		expect(items![2].json.error).toEqual(
			expect.objectContaining({ message: 'Invalid "Recipients" in item 0: "+4930123456" is a landline number and cannot receive SMS or WhatsApp' }),
		);
		expect(items![3].json).toMatchObject({ duplicateOf: 0, to: '447911123456', messageId: null });
		// Exactly the three valid, distinct numbers reached the provider, once each.
		expect(accepted().map((entry) => entry.to.replace(/^0/, '254')).sort()).toEqual(
			fixture === smsGatewayFixture ? ['447911123456', '447911123457', '447911123458'] : ['447911123456', '447911123457', '447911123458'],
		);
		const ids = new Set(accepted().map((entry) => entry.messageId));
		for (const item of items!.filter((entry) => entry.json.status === 'accepted')) {
			expect(ids.has(item.json.messageId as string)).toBe(true);
			expect(item.json.attempts).toBe(1);
		}
		expectNoSecrets(items);
	});

	it('sends the same number again when the message differs', async () => {
		const { items } = await bulk(fixture, [
			{ to: '+447911123456', text: 'Code 1' },
			{ to: '+447911123456', text: 'Code 2' },
		]);
		expect(items!.map((item) => item.json.status)).toEqual(['accepted', 'accepted']);
		expect(accepted().map((entry) => entry.text)).toEqual(['Code 1', 'Code 2']);
	});

	it('waits out a 429 in the middle of a run and sends every message exactly once', async () => {
		handle.sandbox.injectFault({ path: fixture.path, status: 429, body: { message: 'Too Many Attempts.' }, headers: { 'retry-after': '1' } });
		const numbers = Array.from({ length: 30 }, (_, index) => `+4479111234${String(index).padStart(2, '0')}`);
		const { items } = await bulk(fixture, numbers.map((to) => ({ to, text: 'Hello' })), { options: { batchSize: 7 } });
		expect(items!.every((item) => item.json.status === 'accepted')).toBe(true);
		expect(items!.some((item) => item.json.attempts === 2)).toBe(true);
		expect(accepted()).toHaveLength(30);
		expect(new Set(accepted().map((entry) => entry.to)).size).toBe(30);
	});

	it('stops after a refused credential: the rest are reported as not sent, not tried', async () => {
		const numbers = Array.from({ length: 40 }, (_, index) => `+4479111234${String(index).padStart(2, '0')}`);
		const { items } = await runNode(
			{
				type: fixture.nodeType,
				credentials: { [fixture.credentialType]: { id: '1', name: fixture.provider } },
				parameters: bulkParameters(fixture, { options: { concurrency: 2, batchSize: 1 } }),
			},
			[{ to: numbers.join(','), text: 'Hello' }],
			{ [fixture.credentialType]: fixture.wrongCredentials(handle.url()) },
		);
		expect(items).toHaveLength(40);
		expect(items!.every((item) => item.json.status === 'failed')).toBe(true);
		expect(handle.received().length).toBeLessThanOrEqual(3);
		expect((items![39].json.error as IDataObject).message).toMatch(/^Not sent: an earlier request failed with ".*rejected/);
	});

	it('stops after a redirect, which every later request would get too, and follows none', async () => {
		handle.sandbox.injectFault({ path: fixture.path, status: 301, body: '', headers: { location: `${handle.url()}/moved` }, times: 'Infinity' });
		const numbers = Array.from({ length: 20 }, (_, index) => `+4479111234${String(index).padStart(2, '0')}`);
		const { items } = await bulk(fixture, [{ to: numbers.join(','), text: 'Hello' }], { options: { concurrency: 2, batchSize: 1 } });
		expect(items).toHaveLength(20);
		expect(items!.every((item) => item.json.status === 'failed')).toBe(true);
		expect(handle.received().length).toBeLessThanOrEqual(3);
		expect(handle.received().every((request) => request.path === fixture.path)).toBe(true);
		expect((items![0].json.error as IDataObject).message).toMatch(/answered with a redirect \(HTTP 301 to .*\/moved\)/);
	});

	it('reports a message whose answer never came as unknown, with what to do, and does not resend it', async () => {
		handle.sandbox.injectFault({ path: fixture.path, dropAfterAccept: true });
		const { items } = await bulk(fixture, [{ to: '+447911123456', text: 'Hello' }]);
		expect(items![0].json).toMatchObject({ status: 'unknown', attempts: 1, messageId: null });
		expect((items![0].json.error as IDataObject).description).toMatch(/may have been delivered; check the provider before resending/);
		expect(handle.received()).toHaveLength(1);
		expect(accepted()).toHaveLength(1);
	});
});

it('pools the recipients of all items: 40 items at 100 ms latency take far less than 40 × 100 ms', async () => {
	handle.sandbox.configure({ latencyMs: 100 });
	const started = Date.now();
	const { items } = await bulk(
		betatelSmsFixture,
		Array.from({ length: 40 }, (_, index) => ({ to: `+4479111234${String(index).padStart(2, '0')}`, text: 'Hello' })),
		{ options: { concurrency: 20 } },
	);
	expect(items!.every((item) => item.json.status === 'accepted')).toBe(true);
	expect(Date.now() - started).toBeLessThan(2500);
});

it('packs the gateway recipients of many items into batches of the chosen size', async () => {
	const inputs = Array.from({ length: 25 }, (_, index) => ({ to: `07012345${String(index).padStart(2, '0')}`, text: 'Hello' }));
	const { items } = await bulk(smsGatewayFixture, inputs, { options: { batchSize: 10 } });
	expect(handle.received().map((request) => String(request.body?.numbers).split(',').length)).toEqual([10, 10, 5]);
	expect(items!.map((item) => item.json.to)).toEqual(inputs.map(({ to }) => `254${to.slice(1)}`));
	const byNumber = new Map(accepted().map((entry) => [entry.to, entry.messageId]));
	for (const item of items!) expect(item.json.messageId).toBe(byNumber.get(`0${String(item.json.to).slice(3)}`));
});

it('puts items in one gateway batch only when all their fields match, options included', async () => {
	const inputs = Array.from({ length: 6 }, (_, index) => ({
		to: `07012345${String(index).padStart(2, '0')}`,
		text: 'Hello',
		timeout: index < 3 ? 10_000 : 20_000,
	}));
	const { items } = await bulk(smsGatewayFixture, inputs, { options: { batchSize: 10, timeout: '={{ $json.timeout }}' } });
	expect(handle.received().map((request) => String(request.body?.numbers).split(',').length)).toEqual([3, 3]);
	expect(items!.map((item) => item.json.status)).toEqual(Array(6).fill('accepted'));
});

it('refuses a bad message field of one item before sending anything, naming it', async () => {
	const { error } = await bulk(betatelSmsFixture, [
		{ to: '+447911123456', text: 'Hello' },
		{ to: '+447911123457', text: '' },
	]);
	expect(error?.message).toBe('"Text" is empty in item 1');
	expect(handle.received()).toHaveLength(0);
});

it('takes numbers separated by spaces, and keeps a number written with spaces whole', async () => {
	const { items } = await bulk(betatelSmsFixture, [{ to: '+447911123456 +447911123457\n+44 7911 123458', text: 'Hi' }]);
	expect(items!.map((item) => item.json.to)).toEqual(['447911123456', '447911123457', '447911123458']);
});

it('stops promptly when the execution is cancelled: no request starts after the cancel', async () => {
	handle.sandbox.configure({ latencyMs: 200 });
	const numbers = Array.from({ length: 200 }, (_, index) => `+447911${String(100000 + index)}`);
	const cancelAt = Date.now() + 700;
	await runNode(
		{
			type: betatelSmsFixture.nodeType,
			credentials: { betatelSmsApi: { id: '1', name: 'Betatel' } },
			parameters: bulkParameters(betatelSmsFixture, { options: { concurrency: 5 } }),
		},
		[{ to: numbers.join(','), text: 'Hello' }],
		{ betatelSmsApi: betatelSmsFixture.credentials(handle.url()) },
		{ cancelAfterMs: 700 },
	);
	const requests = handle.received();
	// About five every 200 ms until the cancel, then nothing new.
	expect(requests.length).toBeGreaterThan(5);
	expect(requests.length).toBeLessThan(60);
	const late = requests.filter((request) => Date.parse((request as unknown as { time: string }).time) > cancelAt + 100);
	expect(late).toEqual([]);
	await new Promise((resolve) => setTimeout(resolve, 500));
	expect(handle.received()).toHaveLength(requests.length);
});
