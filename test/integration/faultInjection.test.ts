/**
 * Nothing lost, nothing sent twice: Bulk Send of 600 recipients per provider while the
 * sandbox answers at random with 429s, 500s, slow answers, connections dropped before the
 * provider saw the request and connections dropped after it accepted the message. What the
 * sandbox accepted is counted against the output items.
 */
import type { IDataObject } from 'n8n-workflow';
import { runNode } from '../harness/workflowRunner';
import { betatelSmsFixture, betatelWhatsAppFixture, skycoreFixture, smsGatewayFixture } from './support/fixtures';
import type { SendFixture } from './support/providerContract';
import { useSandbox } from './support/sandbox';

const handle = useSandbox();
const RECIPIENTS = 600;

interface Accepted {
	to: string;
	messageId: string;
	text: string;
}

// Each provider its own numbers: a slow answer of one case may still be accepted after the
// sandbox was reset for the next.
describe.each([
	['Betatel', betatelSmsFixture, 1, '1'],
	['Skycore', skycoreFixture, 1, '2'],
	['SMS Gateway', smsGatewayFixture, 5, '7'],
])('%s Bulk Send under injected faults', (_name, fixture: SendFixture, batchSize: number, range: string) => {
	it(`${RECIPIENTS} recipients: every one reported once, accepted ones accepted exactly once, unknown ones explained`, async () => {
		handle.sandbox.configure({
			gatewayRateLimit: 100_000,
			chaos: {
				seed: 7,
				rate429: 0.06,
				rate500: 0.03,
				rateDrop: 0.03,
				rateDropAfterAccept: 0.03,
				rateSlow: 0.03,
				slowMs: 1500,
				retryAfterSeconds: 0,
			},
		});
		const numbers = Array.from({ length: RECIPIENTS }, (_, index) => `+447911${range}${String(index).padStart(5, '0')}`);
		const { parameters } = fixture;
		const { items, error } = await runNode(
			{
				type: fixture.nodeType,
				credentials: { [fixture.credentialType]: { id: '1', name: fixture.provider } },
				parameters: {
					...Object.fromEntries(Object.entries(parameters).filter(([key]) => key !== 'to' && key !== 'numbers')),
					operation: 'sendBulk',
					recipients: '={{ $json.to }}',
					options: { concurrency: 20, timeout: 1000, batchSize },
				},
			},
			// Ten input items of 60 numbers each: one pool.
			Array.from({ length: 10 }, (_, item) => ({ to: numbers.slice(item * 60, item * 60 + 60), text: 'Your code is 1234' })),
			{ [fixture.credentialType]: fixture.credentials(handle.url()) },
		);
		expect(error).toBeUndefined();

		// Not lost: one output item per recipient, in order, linked to its input item.
		expect(items).toHaveLength(RECIPIENTS);
		expect(items!.map((item) => item.json.toGiven)).toEqual(numbers);
		expect(items!.map((item) => item.pairedItem)).toEqual(numbers.map((_, index) => ({ item: Math.floor(index / 60) })));

		// Not sent twice: no number was accepted by the provider more than once.
		const accepted = handle.sandbox.accepted as Accepted[];
		const digitsOf = (to: string) => (to.startsWith('0') ? `254${to.slice(1)}` : to.replace(/^\+/, ''));
		const acceptedNumbers = accepted.map((entry) => digitsOf(entry.to));
		const seen = new Set<string>();
		const twice = acceptedNumbers.filter((to) => (seen.has(to) ? true : (seen.add(to), false)));
		expect(twice).toEqual([]);

		const byId = new Map(accepted.map((entry) => [entry.messageId, digitsOf(entry.to)]));
		const counts: Record<string, number> = {};
		for (const item of items!) {
			const json = item.json;
			counts[json.status as string] = (counts[json.status as string] ?? 0) + 1;
			if (json.status === 'accepted') {
				// Every accepted output was accepted by the provider, for that number.
				expect(byId.get(json.messageId as string)).toBe(json.to);
			} else if (json.status === 'failed') {
				// A failed message never reached the provider's accepted list.
				expect(acceptedNumbers).not.toContain(json.to);
			} else {
				expect(json.status).toBe('unknown');
				expect((json.error as IDataObject).description).toMatch(/may (still )?have been delivered|may or may not have been sent|check the provider before sending again/);
			}
		}
		// The counts add up to the recipients, and most messages still went out.
		expect(Object.values(counts).reduce((sum, count) => sum + count, 0)).toBe(RECIPIENTS);
		expect(counts.accepted).toBeGreaterThan(RECIPIENTS * 0.75);
		expect(counts.unknown).toBeGreaterThan(0);
		// The retried 429s (and refused connections) show in the attempts.
		expect(items!.some((item) => (item.json.attempts as number) > 1)).toBe(true);
	}, 120_000);
});

// The per-item Send operations under the same faults: one output item per input item, each
// message accepted at most once, every accepted item matching what the provider took.
describe.each([
	['Betatel Send SMS', betatelSmsFixture, '1'],
	['Betatel Send WhatsApp OTP', betatelWhatsAppFixture, '2'],
	['Skycore Send SMS', skycoreFixture, '7'],
	['SMS Gateway Send SMS', smsGatewayFixture, '8'],
])('%s under injected faults', (_name, fixture: SendFixture, range: string) => {
	it('300 items: one result each, nothing accepted twice, every accepted item as the provider took it', async () => {
		handle.sandbox.configure({
			gatewayRateLimit: 100_000,
			chaos: { seed: 11, rate429: 0.06, rate500: 0.03, rateDrop: 0.03, rateDropAfterAccept: 0.03, rateSlow: 0.03, slowMs: 1500, retryAfterSeconds: 0 },
		});
		const numbers = Array.from({ length: 300 }, (_, index) => `+447911${range}${String(50000 + index)}`);
		const { items, error } = await runNode(
			{
				type: fixture.nodeType,
				credentials: { [fixture.credentialType]: { id: '1', name: fixture.provider } },
				parameters: { ...fixture.parameters, options: { concurrency: 20, timeout: 1000 } },
				continueOnFail: true,
			},
			numbers.map((to) => fixture.input(to)),
			{ [fixture.credentialType]: fixture.credentials(handle.url()) },
		);
		expect(error).toBeUndefined();
		expect(items).toHaveLength(300);
		expect(items!.map((item) => item.pairedItem)).toEqual(numbers.map((_, item) => ({ item })));

		const accepted = handle.sandbox.accepted as Accepted[];
		const acceptedNumbers = accepted.map((entry) => entry.to.replace(/^\+/, ''));
		expect(new Set(acceptedNumbers).size).toBe(acceptedNumbers.length);
		const byId = new Map(accepted.map((entry) => [entry.messageId, entry.to.replace(/^\+/, '')]));
		let ok = 0;
		items!.forEach((item, index) => {
			if (item.json.status === 'accepted') {
				ok++;
				expect(byId.get(item.json.messageId as string)).toBe(numbers[index].slice(1));
			} else {
				expect(item.json.error).toMatch(/\S/);
				expect(item.json.itemIndex).toBe(index);
			}
		});
		expect(ok).toBeGreaterThan(200);
		expect(ok).toBeLessThanOrEqual(accepted.length);
	}, 120_000);
});
