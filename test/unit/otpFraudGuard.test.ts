/**
 * The Fraud Guard's rules at their boundaries, with a clock the tests set: each request
 * carries its own `now`. The guard runs on its in-memory ledger, the one Generate uses
 * without a data table; the data table ledger is tested against n8n's API in
 * test/integration/otp/fraudGuard.test.ts and in the e2e and queue suites.
 *
 * How each property was seen to fail (then put back):
 * - the Nth/N+1th tests: `inWindow.length >= limit` changed to `>` in rules.ts windowCount:
 *   the N+1th request was let through;
 * - the window tests: `time > now - windowMs` changed to `>=`: the request exactly one window
 *   after the first was refused;
 * - the cool-down tests: the cool-down check removed from prefixRefusal: the request during
 *   the cool-down, after the hour rolled, was let through;
 * - "at the same time": `ledger.remove(ownId)` removed from admit: the number whose request was
 *   refused was refused again although no code had gone to it; `ledger.returnBudget` removed
 *   from admit: the budget of 10 refused the tenth code;
 * - the budget tests: `count >= limit` changed to `>` in memoryLedger.takeBudget: 4 codes for a
 *   budget of 3 (admit's early check of a full budget only spares a write, see the
 *   integration test of API calls).
 */
import { deriveKeys } from '../../nodes/Otp/crypto/secret';
import { readToken } from '../../nodes/Otp/crypto/token';
import type { GuardedOutcome } from '../../nodes/Otp/guard/admit';
import { issueGuarded } from '../../nodes/Otp/guard/admit';
import { DEFAULT_REFUSED_TYPES } from '../../nodes/Otp/guard/fields';
import type { GuardSettings } from '../../nodes/Otp/guard/rules';
import type { GuardLedger } from '../../nodes/Otp/state/ledger';
import { memoryLedger } from '../../nodes/Otp/state/memoryLedger';
import { describePhoneNumber, numberPrefix } from '../../nodes/shared/phone/numberMetadata';

const keys = deriveKeys('unit-test-secret-0123456789-abcdefghijklmnopqrstuv');
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
/** A clock-hour boundary, so that tests of the budget know where the hour ends. */
const T0 = Date.UTC(2030, 0, 7, 10, 0, 0);

/** Every limit off except the ones a test turns on. */
const NO_LIMITS: GuardSettings = {
	countries: [],
	refusedTypes: [],
	minInterval: 0,
	perNumberHour: 0,
	perNumberDay: 0,
	prefixDigits: 5,
	perPrefixHour: 0,
	prefixCoolDown: 0,
	perRequesterHour: 0,
	budgetPerHour: 0,
};

function numberOf(typed: string) {
	const checked = describePhoneNumber(typed);
	if (!checked.valid) throw new Error(`${typed}: ${checked.reason}`);
	return checked;
}

/** Kenyan mobile numbers in the prefix +254 71234, one per index. */
const kenyan = (index: number) => `+25471234${String(index).padStart(4, '0')}`;

function guard(settings: Partial<GuardSettings>, ledger: GuardLedger = memoryLedger()) {
	const merged = { ...NO_LIMITS, ...settings };
	return {
		ledger,
		request: (typed: string, now: number, requester = ''): Promise<GuardedOutcome> =>
			issueGuarded(keys, { number: numberOf(typed), requester, length: 6, alphabet: 'digits', expiresIn: 600, now }, merged, async () => ledger, false),
	};
}

const reasonOf = (outcome: GuardedOutcome) => ('refusal' in outcome ? outcome.refusal.reason : 'allowed');

/**
 * The in-memory ledger, each call first yielding to the event loop: requests started
 * together then all read before any adds its row, as parallel requests to n8n can.
 */
function interleavingLedger(): GuardLedger {
	const ledger = memoryLedger();
	const tick = () => new Promise((resolve) => setImmediate(resolve));
	return {
		add: async (entry) => (await tick(), await ledger.add(entry)),
		related: async (entry, ownId, hourStart) => (await tick(), await ledger.related(entry, ownId, hourStart)),
		remove: async (id) => (await tick(), await ledger.remove(id)),
		startCoolDown: async (prefix, now, until) => (await tick(), await ledger.startCoolDown(prefix, now, until)),
		takeBudget: async (hourStart, limit, seen) => (await tick(), await ledger.takeBudget(hourStart, limit, seen)),
		returnBudget: async (hourStart) => (await tick(), await ledger.returnBudget(hourStart)),
	};
}

describe('number metadata', () => {
	it.each([
		['+254712345678', 'mobile', 'KE'],
		['+12125550100', 'fixedLineOrMobile', 'US'],
		['+449098790001', 'premiumRate', 'GB'],
		['+18005551234', 'tollFree', 'US'],
		['+447098790001', 'personalNumber', 'GB'],
		['+3726123456', 'fixedLine', 'EE'],
		['+447700900123', 'unknown', undefined],
	])('%s is %s in %s', (typed, type, country) => {
		expect(numberOf(typed)).toMatchObject({ type, country });
	});

	it('refuses what cannot be a number of its country code, and reads national numbers', () => {
		expect(describePhoneNumber('+4412')).toMatchObject({ valid: false, reason: expect.stringMatching(/too few or too many digits/) });
		expect(describePhoneNumber('0712 345 678', 'KE')).toMatchObject({ valid: true, digits: '254712345678' });
		expect(describePhoneNumber('')).toMatchObject({ valid: false, reason: 'is empty' });
	});

	it('a prefix is the country code and the first national digits', () => {
		expect(numberPrefix(numberOf('+447911123456'), 5)).toBe('+44 79111');
		expect(numberPrefix(numberOf('+12125550100'), 3)).toBe('+1 212');
	});
});

describe('Countries and Number Types', () => {
	it('allows only the listed countries; a number whose country cannot be told is refused too', async () => {
		const { request } = guard({ countries: ['KE', 'GB'] });
		expect(reasonOf(await request('+254712345678', T0))).toBe('allowed');
		const refused = await request('+998901230000', T0);
		expect(refused).toMatchObject({
			refusal: { reason: 'country', message: '+998901230000 is a number of Uzbekistan (UZ); only numbers of KE, GB are accepted' },
		});
		expect(reasonOf(await request('+447700900123', T0))).toBe('country');
	});

	it('refuses the default types, and never a mobile number', async () => {
		const { request } = guard({ refusedTypes: DEFAULT_REFUSED_TYPES });
		expect(await request('+449098790001', T0)).toMatchObject({
			refusal: { reason: 'numberType', message: 'Codes are not sent to +449098790001: it is a premium-rate number' },
		});
		for (const typed of ['+18005551234', '+3726123456', '+447700900123']) expect(reasonOf(await request(typed, T0))).toBe('numberType');
		for (const typed of ['+254712345678', '+12125550100', '+447098790001']) expect(reasonOf(await request(typed, T0))).toBe('allowed');
	});

	it('a refused number never opens the ledger', async () => {
		const openLedger = jest.fn(async () => memoryLedger());
		const settings = { ...NO_LIMITS, countries: ['KE'] };
		const request = { number: numberOf('+447911123456'), requester: '', length: 6, alphabet: 'digits' as const, expiresIn: 600, now: T0 };
		expect(await issueGuarded(keys, request, settings, openLedger, true)).toMatchObject({ refusal: { reason: 'country' } });
		expect(openLedger).not.toHaveBeenCalled();
	});
});

describe('per-number limits', () => {
	it('Min Interval: refused until exactly Min Interval has passed', async () => {
		const { request } = guard({ minInterval: 60 });
		expect(reasonOf(await request(kenyan(1), T0))).toBe('allowed');
		expect(await request(kenyan(1), T0 + 59_999)).toMatchObject({
			refusal: { reason: 'recipientLimit', retryAfterSeconds: 1, message: expect.stringMatching(/less than 60 seconds ago; try again in 1 s$/) },
		});
		expect(reasonOf(await request(kenyan(1), T0 + 60_000))).toBe('allowed');
	});

	it('per hour: the Nth code passes, the N+1th is refused until the first leaves the hour', async () => {
		const { request } = guard({ perNumberHour: 3 });
		for (const minute of [0, 10, 20]) expect(reasonOf(await request(kenyan(1), T0 + minute * MINUTE))).toBe('allowed');
		expect(await request(kenyan(1), T0 + 30 * MINUTE)).toMatchObject({
			refusal: { reason: 'recipientLimit', retryAfterSeconds: 30 * 60, message: expect.stringMatching(/3 codes in the last hour.*30 min$/) },
		});
		expect(reasonOf(await request(kenyan(1), T0 + HOUR - 1))).toBe('recipientLimit');
		expect(reasonOf(await request(kenyan(1), T0 + HOUR))).toBe('allowed');
		expect(reasonOf(await request(kenyan(2), T0 + HOUR))).toBe('allowed');
	});

	it('per day: the window rolls 24 hours after each code', async () => {
		const { request } = guard({ perNumberDay: 2 });
		expect(reasonOf(await request(kenyan(1), T0))).toBe('allowed');
		expect(reasonOf(await request(kenyan(1), T0 + 5 * HOUR))).toBe('allowed');
		expect(await request(kenyan(1), T0 + 23 * HOUR)).toMatchObject({ refusal: { reason: 'recipientLimit', retryAfterSeconds: 3600 } });
		expect(reasonOf(await request(kenyan(1), T0 + 24 * HOUR))).toBe('allowed');
		expect(reasonOf(await request(kenyan(1), T0 + 25 * HOUR))).toBe('recipientLimit');
	});

	it('a refused request counts against nothing', async () => {
		const { request } = guard({ perNumberHour: 2, minInterval: 60 });
		await request(kenyan(1), T0);
		for (let second = 1; second < 60; second += 10) expect(reasonOf(await request(kenyan(1), T0 + second * 1000))).toBe('recipientLimit');
		expect(reasonOf(await request(kenyan(1), T0 + MINUTE))).toBe('allowed');
	});
});

describe('prefix velocity', () => {
	it('the Nth number in a prefix passes, the N+1th starts the cool-down, which ends on time', async () => {
		const { request } = guard({ perPrefixHour: 5, prefixCoolDown: 3600 });
		for (let index = 0; index < 5; index++) expect(reasonOf(await request(kenyan(index), T0 + index * 1000))).toBe('allowed');
		const tripped = await request(kenyan(5), T0 + 5000);
		expect(tripped).toMatchObject({
			prefix: '+254 71234',
			refusal: { reason: 'prefixVelocity', retryAfterSeconds: 3600, message: 'Numbers starting +254 71234 are refused until 11:00 UTC: more than 5 codes an hour were asked for numbers starting +254 71234' },
		});
		// The hour has rolled for every code, but the cool-down has 1 ms to go.
		expect(reasonOf(await request(kenyan(6), T0 + 5000 + HOUR - 1))).toBe('prefixVelocity');
		expect(reasonOf(await request(kenyan(7), T0 + 5000 + HOUR))).toBe('allowed');
		expect(reasonOf(await request('+254722000001', T0 + 6000))).toBe('allowed');
	});

	it('without a cool-down, the prefix has room again when its oldest code leaves the hour', async () => {
		const { request } = guard({ perPrefixHour: 2 });
		await request(kenyan(0), T0);
		await request(kenyan(1), T0 + 20 * MINUTE);
		expect(await request(kenyan(2), T0 + 30 * MINUTE)).toMatchObject({ refusal: { reason: 'prefixVelocity', retryAfterSeconds: 30 * 60 } });
		expect(reasonOf(await request(kenyan(3), T0 + HOUR))).toBe('allowed');
	});

	it('a number refused for its own limit still trips the full prefix', async () => {
		const { request } = guard({ perPrefixHour: 1, minInterval: 60, prefixCoolDown: 2 * 3600 });
		await request(kenyan(0), T0);
		expect(reasonOf(await request(kenyan(0), T0 + 1000))).toBe('recipientLimit');
		// The hour has room again, but the cool-down that request started runs for two hours.
		expect(await request(kenyan(1), T0 + HOUR + 1000)).toMatchObject({ refusal: { reason: 'prefixVelocity', retryAfterSeconds: 3600 } });
	});
});

describe('per-requester limit', () => {
	it('the Nth code for a requester passes, the N+1th is refused; others and no key are not limited', async () => {
		const { request } = guard({ perRequesterHour: 2 });
		expect(reasonOf(await request(kenyan(0), T0, '203.0.113.9'))).toBe('allowed');
		expect(reasonOf(await request('+447911123456', T0 + 1000, '203.0.113.9'))).toBe('allowed');
		expect(await request('+12125550100', T0 + 2000, '203.0.113.9')).toMatchObject({
			refusal: { reason: 'requesterLimit', retryAfterSeconds: 3600 - 2 },
		});
		expect(reasonOf(await request('+12125550101', T0 + 2000, '198.51.100.7'))).toBe('allowed');
		expect(reasonOf(await request('+12125550102', T0 + 2000))).toBe('allowed');
		expect(reasonOf(await request('+12125550103', T0 + HOUR, '203.0.113.9'))).toBe('allowed');
	});
});

describe('budget', () => {
	it('the Nth code of the clock hour passes, every later request is refused until the hour rolls', async () => {
		const { request } = guard({ budgetPerHour: 3 });
		for (let index = 0; index < 3; index++) expect(reasonOf(await request(kenyan(index * 100), T0 + index))).toBe('allowed');
		expect(await request('+447911123456', T0 + 30 * MINUTE)).toMatchObject({
			refusal: { reason: 'budget', retryAfterSeconds: 1800, message: expect.stringMatching(/budget of 3 codes an hour is used up: every request is refused until 11:00 UTC$/) },
		});
		expect(reasonOf(await request('+447911123457', T0 + HOUR - 1))).toBe('budget');
		expect(reasonOf(await request('+447911123458', T0 + HOUR))).toBe('allowed');
	});

	it('requests refused by another rule do not use the budget', async () => {
		const { request } = guard({ budgetPerHour: 2, minInterval: 60 });
		await request(kenyan(0), T0);
		for (let second = 1; second <= 5; second++) expect(reasonOf(await request(kenyan(0), T0 + second * 1000))).toBe('recipientLimit');
		expect(reasonOf(await request(kenyan(1), T0 + 6000))).toBe('allowed');
	});
});

describe('requests at the same time', () => {
	it('the later of requests that all found room is refused by rank, and takes its row back', async () => {
		const { request } = guard({ perRequesterHour: 5, perNumberHour: 1 }, interleavingLedger());
		const numbers = ['+254712345678', '+447911123456', '+12125550100', '+4915112345678', '+33612345678', '+5511912345678'];
		const outcomes = await Promise.all(numbers.map((typed) => request(typed, T0, '203.0.113.9')));
		expect(outcomes.map(reasonOf)).toEqual(['allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'requesterLimit']);
		// No code went to the sixth number: its limit of one an hour is untouched.
		expect(reasonOf(await request(numbers[5], T0 + 1000, '198.51.100.7'))).toBe('allowed');
	});

	it('a request refused after taking its place in the budget gives it back', async () => {
		const { request } = guard({ perRequesterHour: 5, budgetPerHour: 10 }, interleavingLedger());
		const first = await Promise.all([0, 1, 2, 3, 4, 5].map((index) => request(kenyan(index * 100), T0, '203.0.113.9')));
		expect(first.map(reasonOf)).toEqual(['allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'requesterLimit']);
		const others = [];
		for (let index = 0; index < 6; index++) others.push(reasonOf(await request(`+4479111234${index}0`, T0 + 1000, `198.51.100.${index}`)));
		expect(others).toEqual(['allowed', 'allowed', 'allowed', 'allowed', 'allowed', 'budget']);
	});

	it('the budget counts exactly its number of codes', async () => {
		const { request } = guard({ budgetPerHour: 3 }, interleavingLedger());
		const outcomes = await Promise.all([0, 1, 2, 3].map((index) => request(kenyan(index * 100), T0)));
		expect(outcomes.map(reasonOf).sort()).toEqual(['allowed', 'allowed', 'allowed', 'budget']);
	});
});

it('an allowed request gets a code and a token for the number; a refused one gets neither', async () => {
	const { request } = guard({ minInterval: 60 });
	const allowed = await request(kenyan(1), T0);
	if (!('issued' in allowed)) throw new Error('expected a code');
	expect(allowed.issued.code).toMatch(/^\d{6}$/);
	expect(readToken(keys, allowed.issued.token)).toMatchObject({ to: kenyan(1).slice(1), stateful: false });
	const refused = await request(kenyan(1), T0 + 1000);
	expect(Object.keys(refused).sort()).toEqual(['prefix', 'refusal']);
});
