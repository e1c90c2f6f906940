// The OTP Fraud Guard attack simulation, shared by the e2e and queue suites: SMS pumping
// (sequential numbers in a premium-rate range and in two mobile ranges of one high-cost
// country) mixed with sign-ups from real-looking mobile numbers of many countries, sent
// concurrently to the published example, and the figures of what got through.
'use strict';

const { getCountries, getExampleNumber, parsePhoneNumberFromString } = require('libphonenumber-js/max');
const mobileExamples = require('libphonenumber-js/mobile/examples');

// The example's guard settings these figures are judged against.
const PREFIX_DIGITS = 5;
const PER_PREFIX_HOUR = 5;
const MIN_INTERVAL_S = 30;

/** Sequential numbers from `first` (E.164 digits), as a pumping bot walks a range. */
const sequence = (first, count) => Array.from({ length: count }, (_, index) => `+${BigInt(first) + BigInt(index)}`);

/**
 * `total` attack numbers in three ranges: UK premium rate (+44 9098 79…), and two mobile
 * ranges of Uzbekistan (+998 90 123…, +998 91 123…), a country pumping often targets.
 */
function attackNumbers(total) {
	const third = Math.floor(total / 3);
	return [
		...sequence('449098790000', total - 2 * third).map((phone) => ({ phone, range: 'premium +44 90987' })),
		...sequence('998901230000', third).map((phone) => ({ phone, range: 'mobile +998 90123' })),
		...sequence('998911230000', third).map((phone) => ({ phone, range: 'mobile +998 91123' })),
	];
}

/** A small seeded generator, so that every run sends the same numbers in the same order. */
function random(seed) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
		mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed);
		return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
	};
}

const prefixOf = (parsed) => `+${parsed.countryCallingCode} ${parsed.nationalNumber.slice(0, PREFIX_DIGITS)}`;

/**
 * `count` mobile numbers of many countries, from libphonenumber's example number of each
 * with all but its first three national digits drawn at random, at most two per prefix and
 * none in an attack range. Some are written as people type them (spaces, 00).
 */
function legitimateNumbers(count, attackPrefixes, seed = 18) {
	const next = random(seed);
	const countries = getCountries().filter((country) => getExampleNumber(country, mobileExamples));
	const perPrefix = new Map(attackPrefixes.map((prefix) => [prefix, Infinity]));
	const numbers = [];
	for (let attempt = 0; numbers.length < count && attempt < count * 200; attempt++) {
		const country = countries[Math.floor(next() * countries.length)];
		const example = getExampleNumber(country, mobileExamples);
		const national = example.nationalNumber;
		const kept = national.slice(0, 3);
		const drawn = Array.from({ length: national.length - 3 }, () => Math.floor(next() * 10)).join('');
		const parsed = parsePhoneNumberFromString(`+${example.countryCallingCode}${kept}${drawn}`);
		if (!parsed || !['MOBILE', 'FIXED_LINE_OR_MOBILE'].includes(parsed.getType())) continue;
		// The sandbox's Betatel takes 8 to 15 international digits (its reading of "international
		// format"): Tokelau's or Niue's shorter numbers would fail there, after the guard.
		if (parsed.number.length - 1 < 8) continue;
		const prefix = prefixOf(parsed);
		if ((perPrefix.get(prefix) ?? 0) >= 2) continue;
		perPrefix.set(prefix, (perPrefix.get(prefix) ?? 0) + 1);
		const style = numbers.length % 5;
		const phone = style === 1 ? parsed.formatInternational() : style === 2 ? `00${parsed.number.slice(1)}` : parsed.number;
		numbers.push({ phone, digits: parsed.number.slice(1), country: parsed.country, prefix });
	}
	if (numbers.length < count) throw new Error(`only ${numbers.length} legitimate numbers could be drawn`);
	return numbers;
}

/** The array shuffled by the seeded generator (Fisher-Yates). */
function shuffled(items, seed) {
	const next = random(seed);
	const copy = [...items];
	for (let index = copy.length - 1; index > 0; index--) {
		const other = Math.floor(next() * (index + 1));
		[copy[index], copy[other]] = [copy[other], copy[index]];
	}
	return copy;
}

/** Runs `tasks` (async functions) with at most `concurrency` at once, in order. */
async function runPool(tasks, concurrency) {
	let nextTask = 0;
	const worker = async () => {
		while (nextTask < tasks.length) await tasks[nextTask++]();
	};
	await Promise.all(Array.from({ length: concurrency }, worker));
}

const median = (values) => {
	const sorted = [...values].sort((a, b) => a - b);
	return sorted.length === 0 ? NaN : sorted[Math.floor((sorted.length - 1) / 2)];
};

/** The recipient's digits in a token's claims (its middle part is base64url JSON). */
const tokenRecipient = (token) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')).to;

/**
 * Sends the simulation to `post(body, ip)` (which resolves { status, json, ms }):
 * every attack and first legitimate request shuffled together through `concurrency`
 * clients; `repeatAfter` users ask again Min Interval + 1 s after their first answer,
 * `repeatWithin` users 5 s after it. Resolves every request with its answer.
 */
async function simulate(post, { attack, legitimate, invalid, repeatAfter, repeatWithin, concurrency, seed = 7 }) {
	const results = [];
	const send = async (request) => {
		const answer = await post({ phone: request.phone }, request.ip);
		results.push({ ...request, ...answer });
		return answer;
	};
	const repeats = [];
	const repeating = new Map([
		...legitimate.slice(0, repeatAfter).map((user) => [user, { kind: 'repeatAfter', delayMs: (MIN_INTERVAL_S + 1) * 1000 }]),
		...legitimate.slice(repeatAfter, repeatAfter + repeatWithin).map((user) => [user, { kind: 'repeatWithin', delayMs: 5000 }]),
	]);
	const attackIps = Array.from({ length: 20 }, (_, index) => `198.18.0.${index + 1}`);
	const firsts = legitimate.map((user, index) => ({ ...user, kind: 'legitimate', ip: `10.${18 + (index >> 8)}.${index & 255}.1` }));
	const requests = shuffled(
		[
			...attack.map((entry, index) => ({ ...entry, kind: 'attack', ip: attackIps[index % attackIps.length] })),
			...firsts.slice(repeating.size),
			...invalid.map((phone) => ({ phone, kind: 'invalid', ip: '192.0.2.1' })),
		],
		seed,
	);
	// The users who ask again go first, so that their second request falls inside the run.
	const schedule = [...firsts.slice(0, repeating.size), ...requests];
	const tasks = schedule.map((request) => async () => {
		await send(request);
		const repeat = firsts.indexOf(request) >= 0 ? repeating.get(legitimate[firsts.indexOf(request)]) : undefined;
		if (!repeat) return;
		repeats.push(
			new Promise((resolve) => setTimeout(resolve, repeat.delayMs)).then(() => send({ ...request, kind: repeat.kind })),
		);
	});
	const started = Date.now();
	await runPool(tasks, concurrency);
	await Promise.all(repeats);
	return { results, seconds: (Date.now() - started) / 1000 };
}

/** The figures the issue asks for, from the answers and the messages the sandbox accepted. */
function figures({ results }, accepted, attack) {
	const of = (kind) => results.filter((result) => result.kind === kind);
	const attackDigits = new Set(attack.map((entry) => entry.phone.slice(1)));
	const reachedByRange = {};
	for (const entry of attack) reachedByRange[entry.range] ??= 0;
	const rangeOf = new Map(attack.map((entry) => [entry.phone.slice(1), entry.range]));
	for (const message of accepted) if (attackDigits.has(message.to)) reachedByRange[rangeOf.get(message.to)] += 1;
	const reasons = (list) => list.reduce((counts, result) => ({ ...counts, [result.json?.reason ?? (result.json?.sent ? 'sent' : result.status)]: (counts[result.json?.reason ?? (result.json?.sent ? 'sent' : result.status)] ?? 0) + 1 }), {});
	const sent = results.filter((result) => result.status === 200 && result.json?.sent === true);
	const sentTo = sent.map((result) => tokenRecipient(result.json.token)).sort();
	const acceptedTo = accepted.map((message) => message.to).sort();
	const entitled = [...of('legitimate'), ...of('repeatAfter')];
	return {
		attackRequests: of('attack').length,
		attackReached: acceptedTo.filter((to) => attackDigits.has(to)).length,
		attackReachedByRange: reachedByRange,
		attackAnswers: reasons(of('attack')),
		legitimateRequests: entitled.length,
		legitimateRefused: entitled.filter((result) => result.json?.sent !== true).length,
		legitimateRefusals: entitled.filter((result) => result.json?.sent !== true).map((result) => ({ phone: result.phone, ...result.json })),
		repeatsWithinMinInterval: reasons(of('repeatWithin')),
		invalidAnswers: of('invalid').map((result) => `${result.status} ${result.json?.reason}`),
		allowedResponses: sent.length,
		sandboxReceipts: accepted.length,
		receiptsMatched: JSON.stringify(sentTo) === JSON.stringify(acceptedTo),
		medianMs: median(results.map((result) => result.ms)),
	};
}

module.exports = {
	PER_PREFIX_HOUR,
	MIN_INTERVAL_S,
	attackNumbers,
	legitimateNumbers,
	simulate,
	figures,
	median,
	runPool,
	tokenRecipient,
};
