/**
 * The send engine's promises end to end, through n8n-core's real execution engine and real
 * sockets, read from the sandbox's own log: the order requests arrived in (`seq`) and, for
 * each, how many had arrived when its answer left (`answeredAfterSeq`). A request with a
 * higher `seq` than that arrived after the answer; no clock is read. Latencies are unequal
 * (the first message to a number is slow), so that a message sent without waiting for the
 * earlier one arrives before that one's answer.
 *
 * Seen failing: with the recipient check removed (SendScheduler.admit leaving `blockers` at
 * 0), the three order tests fail; with jobs that waited for an earlier one let through
 * without a rate token (the old engine's defect, WaitedJobsSkipRate in
 * test/unit/scheduler.property.test.ts), the Max Per Second test fails (six arrivals in 471 ms).
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../harness/workflowRunner';
import { betatelSmsFixture, skycoreFixture, smsGatewayFixture } from './support/fixtures';
import type { SendFixture } from './support/providerContract';
import type { RecordedRequest } from './support/sandbox';
import { useSandbox } from './support/sandbox';

const handle = useSandbox();
const numbers = Array.from({ length: 30 }, (_, index) => `+4479111234${String(index).padStart(2, '0')}`);

interface Logged extends RecordedRequest {
	seq: number;
	receivedMs: number;
	answeredAfterSeq: number | null;
}

const log = () => handle.received() as Logged[];

async function send(inputs: IDataObject[], options: IDataObject = {}, continueOnFail = false, fixture: SendFixture = betatelSmsFixture, parameters: IDataObject = {}) {
	return await runNode(
		{
			type: fixture.nodeType,
			credentials: { [fixture.credentialType]: { id: '1', name: fixture.provider } },
			parameters: { ...fixture.parameters, ...parameters, options },
			continueOnFail,
		},
		inputs,
		{ [fixture.credentialType]: fixture.credentials(handle.url()) },
	);
}

/** Requests that carried `digits`, in the order they arrived. */
const carrying = (digits: string) => log().filter((request) => request.rawBody.includes(digits));

/** Each request arrived after the previous one's answer left. */
function expectEachAfterTheAnswerBefore(requests: Logged[]): void {
	for (let index = 1; index < requests.length; index++) {
		expect(requests[index].seq).toBeGreaterThan(requests[index - 1].answeredAfterSeq ?? Infinity);
	}
}

/** The first request carrying `digits` is answered after `ms`; the rest at once. */
const slowFirst = (fixture: SendFixture, digits: string, ms = 400) =>
	handle.sandbox.injectFault({ path: fixture.path, bodyContains: digits, delayMs: ms, delayOnly: true });

it('sends messages to one number in item order, each after the previous one was answered', async () => {
	const repeated = numbers[0].slice(1);
	slowFirst(betatelSmsFixture, repeated);
	const inputs = Array.from({ length: 12 }, (_, index) => ({ to: index % 3 === 0 ? numbers[0] : numbers[index], text: `Message ${index}` }));
	const { items, error } = await send(inputs, { concurrency: 10 });
	expect(error).toBeUndefined();
	expect(items!.map((item) => item.json.status)).toEqual(inputs.map(() => 'accepted'));
	const toRepeated = carrying(repeated);
	expect(toRepeated.map((request) => request.body?.text)).toEqual(['Message 0', 'Message 3', 'Message 6', 'Message 9']);
	expectEachAfterTheAnswerBefore(toRepeated);
	// The others did not wait for the slow one.
	expect(log().filter((request) => request.seq < toRepeated[1].seq)).toHaveLength(9);
});

it('SMS Gateway Send: two items whose number lists share a number go one after the other', async () => {
	const shared = '0701234567';
	slowFirst(smsGatewayFixture, shared);
	// The second item writes the shared number internationally: it is still the same person.
	const { error } = await send([{ to: `${shared}, 0712345678`, text: 'one' }, { to: '0722000000, +254701234567', text: 'two' }], {}, false, smsGatewayFixture);
	expect(error).toBeUndefined();
	expect(log().map((request) => request.body?.message_body)).toEqual(['one', 'two']);
	expectEachAfterTheAnswerBefore(log());
});

it('SMS Gateway Bulk Send: batches sharing a number go one after the other, other batches meanwhile', async () => {
	const shared = '0701234567';
	slowFirst(smsGatewayFixture, shared);
	const { items, error } = await send(
		[
			{ to: `${shared}, 0712345678`, text: 'one' },
			{ to: '0722000000, 0733000000', text: 'two' },
			{ to: `0744000000, ${shared}`, text: 'three' },
		],
		{ batchSize: 2 },
		false,
		smsGatewayFixture,
		{ operation: 'sendBulk', recipients: '={{ $json.to }}' },
	);
	expect(error).toBeUndefined();
	expect(items!.map((item) => item.json.status)).toEqual(Array(6).fill('accepted'));
	const withShared = carrying(shared);
	expect(withShared.map((request) => request.body?.message_body)).toEqual(['one', 'three']);
	expectEachAfterTheAnswerBefore(withShared);
	const two = log().find((request) => request.body?.message_body === 'two')!;
	expect(two.seq).toBeLessThan(withShared[1].seq);
});

it('keeps Concurrency requests in flight, never more', async () => {
	// Long enough that reading the next items never takes as long, even on a busy machine.
	handle.sandbox.configure({ latencyMs: 400 });
	const { items, error } = await send(numbers.map((to, index) => ({ to, text: `Code ${index}` })));
	expect(error).toBeUndefined();
	expect(items!.map((item) => [item.pairedItem, item.json.to])).toEqual(numbers.map((to, index) => [{ item: index }, to.slice(1)]));
	// In flight when request k arrived: those that arrived before it and were answered after.
	const requests = log();
	const inFlight = requests.map((arrival) => requests.filter((other) => other.seq <= arrival.seq && (other.answeredAfterSeq ?? Infinity) >= arrival.seq).length);
	expect(Math.max(...inFlight)).toBe(10);
});

it('with Concurrency 1, sends each request after the previous answer', async () => {
	await send(numbers.slice(0, 8).map((to) => ({ to, text: 'Hi' })), { concurrency: 1 });
	expect(log()).toHaveLength(8);
	expectEachAfterTheAnswerBefore(log());
});

it('never starts more than Max Per Second, also when a number receives several messages', async () => {
	// The case, shorter: 450 ms latency, one number three times among 15 items.
	handle.sandbox.configure({ latencyMs: 450 });
	const inputs = numbers.slice(0, 15).map((to, index) => ({ to: index % 5 === 0 ? numbers[0] : to, text: `Message ${index}` }));
	const { error } = await send(inputs, { maxPerSecond: 5, concurrency: 10 });
	expect(error).toBeUndefined();
	const arrived = log().map((request) => request.receivedMs);
	expect(arrived).toHaveLength(15);
	// Six arrivals within a second would break the limit. 100 ms of the second are left for the
	// time between a request leaving and the sandbox reading it (same process, so a busy event
	// loop can delay one arrival); the engine's own timing is proven exactly in
	// test/unit/scheduler.property.test.ts.
	for (let index = 0; index + 5 < arrived.length; index++) expect(arrived[index + 5] - arrived[index]).toBeGreaterThanOrEqual(900);
}, 30_000);

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

it('without Continue On Fail, the error says which messages went out before the failure, with their IDs', async () => {
	const failing = numbers[6].slice(1);
	handle.sandbox.configure({ latencyMs: 100 });
	handle.sandbox.injectFault({ path: betatelSmsFixture.path, bodyContains: failing, status: 400, body: { message: 'bad number' } });
	const { error } = await send(numbers.slice(0, 20).map((to) => ({ to, text: 'Hi' })), { concurrency: 3 });
	expect(error?.message).toBe('Betatel refused the request as invalid (HTTP 400)');
	// Nothing started after the failure's answer; what was on the wire finished and is listed.
	const refused = log().find((request) => request.responseStatus === 400)!;
	expect(log().filter((request) => request.seq > refused.answeredAfterSeq!)).toEqual([]);
	const accepted = handle.sandbox.accepted as Array<{ messageId: string; to: string }>;
	const items = numbers.map((to) => to.slice(1)).flatMap((to, index) => (accepted.some((entry) => entry.to === to) ? [index] : []));
	expect(items.length).toBeGreaterThanOrEqual(6);
	expect(error?.description).toContain(
		`Before the node stopped, ${accepted.length} messages were accepted (items 0 to ${items[items.length - 1]}, ${items.length} in all); do not send them again.`,
	);
	for (const { messageId } of accepted) expect(error?.description).toContain(messageId);
});

it('without Continue On Fail, an invalid item read ahead stops the run there: the items before it are sent, none after it', async () => {
	const inputs = numbers.slice(0, 12).map((to, index) => ({ to: index === 5 ? 'bad' : to, text: 'Hi' }));
	const { error } = await send(inputs);
	expect(error?.message).toMatch(/^Invalid "To" in item 5/);
	expect(error?.description).toContain('Before the node stopped, 5 messages were accepted (items 0 to 4, 5 in all)');
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
