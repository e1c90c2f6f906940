/**
 * The per-item Send operations on the send engine: concurrent, yet the output keeps item
 * order and pairedItem, and messages to the same number go out in item order.
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../harness/workflowRunner';
import { betatelSmsFixture, skycoreFixture } from './support/fixtures';
import { useSandbox } from './support/sandbox';

const handle = useSandbox();
const numbers = Array.from({ length: 30 }, (_, index) => `+4479111234${String(index).padStart(2, '0')}`);

async function send(inputs: IDataObject[], options: IDataObject = {}, continueOnFail = false, fixture = betatelSmsFixture) {
	return await runNode(
		{
			type: fixture.nodeType,
			credentials: { [fixture.credentialType]: { id: '1', name: fixture.provider } },
			parameters: { ...fixture.parameters, options },
			continueOnFail,
		},
		inputs,
		{ [fixture.credentialType]: fixture.credentials(handle.url()) },
	);
}

it('sends 30 items at 100 ms latency concurrently, output in item order with pairedItem', async () => {
	handle.sandbox.configure({ latencyMs: 100 });
	const started = Date.now();
	const { items, error } = await send(numbers.map((to, index) => ({ to, text: `Code ${index}` })));
	const elapsed = Date.now() - started;
	expect(error).toBeUndefined();
	// One at a time this takes 3 s; ten at a time about 0.3 s.
	expect(elapsed).toBeLessThan(2000);
	expect(items!.map((item) => [item.pairedItem, item.json.to])).toEqual(
		numbers.map((to, index) => [{ item: index }, to.slice(1)]),
	);
});

it('keeps one at a time with Concurrency 1', async () => {
	handle.sandbox.configure({ latencyMs: 50 });
	const started = Date.now();
	await send(numbers.slice(0, 10).map((to) => ({ to, text: 'Hi' })), { concurrency: 1 });
	expect(Date.now() - started).toBeGreaterThanOrEqual(500);
});

it('sends messages to the same number in item order, whatever their latency', async () => {
	handle.sandbox.configure({ latencyMs: 30 });
	const inputs = Array.from({ length: 12 }, (_, index) => ({ to: index % 3 === 0 ? numbers[0] : numbers[index], text: `Message ${index}` }));
	await send(inputs, { concurrency: 10 });
	const toFirst = handle.received().filter((request) => request.body?.to === numbers[0].slice(1));
	expect(toFirst.map((request) => request.body?.text)).toEqual(['Message 0', 'Message 3', 'Message 6', 'Message 9']);
});

it('never starts more than Max Per Second', async () => {
	const started = Date.now();
	await send(numbers.slice(0, 11).map((to) => ({ to, text: 'Hi' })), { maxPerSecond: 10, concurrency: 50 });
	// 11 starts at 10 per second: the last one no sooner than 1 s after the first.
	expect(Date.now() - started).toBeGreaterThanOrEqual(950);
});

it('with Continue On Fail, one result per item in order while items fail in between', async () => {
	handle.sandbox.injectFault({ path: betatelSmsFixture.path, status: 500, body: { message: 'boom' } });
	const { items } = await send(
		[{ to: numbers[0], text: 'a' }, { to: 'bad', text: 'b' }, { to: numbers[2], text: 'c' }, { to: numbers[3], text: 'd' }],
		{ concurrency: 1 },
		true,
	);
	expect(items!.map((item) => [item.pairedItem, item.json.status ?? 'error'])).toEqual([
		[{ item: 0 }, 'error'],
		[{ item: 1 }, 'error'],
		[{ item: 2 }, 'accepted'],
		[{ item: 3 }, 'accepted'],
	]);
	expect(items![0].json.httpCode).toBe('500');
});

it('without Continue On Fail, fails with the first failed item and starts nothing after it', async () => {
	handle.sandbox.injectFault({ path: skycoreFixture.path, status: 200, body: { status: 'Failure', 'error-code': 'E110', 'error-info': 'Invalid Receiver.' } });
	const { error } = await send(numbers.slice(0, 20).map((to) => ({ to, text: 'Hi' })), { concurrency: 1 }, false, skycoreFixture);
	expect(error?.message).toBe('Skycore refused the recipient number (Invalid Receiver) (E110)');
	expect(handle.received()).toHaveLength(1);
});

it('without Continue On Fail, an invalid item read ahead stops the run there: the items before it are sent, none after it', async () => {
	const inputs = numbers.slice(0, 12).map((to, index) => ({ to: index === 5 ? 'bad' : to, text: 'Hi' }));
	const { error } = await send(inputs);
	expect(error?.message).toMatch(/^Invalid "To" in item 5/);
	// Sent concurrently, they may arrive in any order.
	expect(handle.received().map((request) => String(request.body?.to)).sort()).toEqual(numbers.slice(0, 5).map((to) => to.slice(1)).sort());
});

it('with "Continue (using error output)", failed items go to the error output, sent ones to the main output', async () => {
	const { items, errorItems, error } = await runNode(
		{
			type: betatelSmsFixture.nodeType,
			credentials: { betatelSmsApi: { id: '1', name: 'Betatel' } },
			parameters: { ...betatelSmsFixture.parameters, options: {} },
			errorOutput: true,
		},
		[{ to: numbers[0], text: 'a' }, { to: 'bad', text: 'b' }, { to: numbers[2], text: 'c' }],
		{ betatelSmsApi: betatelSmsFixture.credentials(handle.url()) },
	);
	expect(error).toBeUndefined();
	expect(items!.map((item) => [item.pairedItem, item.json.status])).toEqual([
		[{ item: 0 }, 'accepted'],
		[{ item: 2 }, 'accepted'],
	]);
	expect(errorItems!.map((item) => item.pairedItem)).toEqual([{ item: 1 }]);
	expect(errorItems![0].json.error).toMatch(/^Invalid "To" in item 1/);
});
