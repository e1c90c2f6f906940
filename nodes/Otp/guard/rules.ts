/**
 * The Fraud Guard's rules, as pure functions of the request, the rows read and the time.
 * The limits count rows older than the request's own (a lower id): every request adds its
 * row before it reads, so of two requests at once the later one always sees the earlier, and
 * no limit lets N+1 codes through; a row taken back later may have refused one that fitted.
 */
import type { DescribedNumber, NumberCategory } from '../../shared/phone/numberMetadata';
import type { LedgerRow } from '../state/ledger';
import { DAY_MS, HOUR_MS } from '../state/ledger';

export const REFUSAL_REASONS = ['country', 'numberType', 'recipientLimit', 'prefixVelocity', 'requesterLimit', 'budget'] as const;
export type RefusalReason = (typeof REFUSAL_REASONS)[number];

export interface Refusal {
	reason: RefusalReason;
	/** A sentence for logs and people. */
	message: string;
	/** Seconds until the same request can pass, when the rule tells. */
	retryAfterSeconds?: number;
}

/** 0 turns a limit off. Times in seconds. */
export interface GuardSettings {
	/** ISO codes; empty allows every country. */
	countries: readonly string[];
	refusedTypes: readonly NumberCategory[];
	minInterval: number;
	perNumberHour: number;
	perNumberDay: number;
	prefixDigits: number;
	perPrefixHour: number;
	prefixCoolDown: number;
	perRequesterHour: number;
	budgetPerHour: number;
}

export const TYPE_LABELS: Record<NumberCategory, string> = {
	mobile: 'a mobile number',
	fixedLineOrMobile: 'a landline or mobile number',
	fixedLine: 'a landline number',
	tollFree: 'a toll-free number',
	premiumRate: 'a premium-rate number',
	sharedCost: 'a shared-cost number',
	voip: 'a VoIP number',
	personalNumber: 'a personal (forwarding) number',
	pager: 'a pager number',
	uan: 'a company switchboard (UAN) number',
	voicemail: 'a voicemail access number',
	unknown: 'in no range the phone metadata knows (type unknown)',
};

const regionNames = new Intl.DisplayNames(['en'], { type: 'region' });
const countryName = (code: string) => `${regionNames.of(code) ?? code} (${code})`;
/** "14:05 UTC": the limits are at most a day long, so the time of day is enough. */
export const clockTime = (ms: number) => `${new Date(ms).toISOString().slice(11, 16)} UTC`;
const secondsUntil = (ms: number, now: number) => Math.max(1, Math.ceil((ms - now) / 1000));
const waitText = (seconds: number) => (seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`);

/** The rules that need no counting: the number's country and type. */
export function checkNumber(number: DescribedNumber, settings: GuardSettings): Refusal | undefined {
	const { countries, refusedTypes } = settings;
	if (countries.length > 0 && (!number.country || !countries.includes(number.country))) {
		const accepted = `only numbers of ${countries.join(', ')} are accepted`;
		return {
			reason: 'country',
			message: number.country
				? `${number.e164} is a number of ${countryName(number.country)}; ${accepted}`
				: `The country of ${number.e164} cannot be told from the number; ${accepted}`,
		};
	}
	if (refusedTypes.includes(number.type)) {
		return { reason: 'numberType', message: `Codes are not sent to ${number.e164}: it is ${TYPE_LABELS[number.type]}` };
	}
	return undefined;
}

export interface LimitRequest {
	/** The id of the request's own row. */
	id: number;
	recipient: string;
	prefix: string;
	requester?: string;
	/** For messages. */
	e164: string;
	now: number;
}

export interface LimitRefusal extends Refusal {
	/** Set when this request found the prefix full: the cool-down it starts ends then. */
	startsCoolDownUntil?: number;
}

/**
 * The times of the rows within `windowMs`, oldest first, and when the request could pass:
 * once enough of them have left the window to leave room for one more.
 */
function windowCount(times: number[], windowMs: number, limit: number, now: number) {
	const inWindow = times.filter((time) => time > now - windowMs).sort((a, b) => a - b);
	const full = limit > 0 && inWindow.length >= limit;
	return { full, count: inWindow.length, freeAt: full ? inWindow[inWindow.length - limit] + windowMs : now };
}

function recipientRefusal(request: LimitRequest, times: number[], settings: GuardSettings): Refusal | undefined {
	const { now, e164 } = request;
	const last = Math.max(...times);
	if (settings.minInterval > 0 && last > now - settings.minInterval * 1000) {
		const wait = secondsUntil(last + settings.minInterval * 1000, now);
		return {
			reason: 'recipientLimit',
			message: `A code was already generated for ${e164} less than ${settings.minInterval} seconds ago; try again in ${wait} s`,
			retryAfterSeconds: wait,
		};
	}
	const limits = [
		{ window: HOUR_MS, limit: settings.perNumberHour, span: 'hour' },
		{ window: DAY_MS, limit: settings.perNumberDay, span: '24 hours' },
	];
	for (const { window, limit, span } of limits) {
		const { full, freeAt } = windowCount(times, window, limit, now);
		if (!full) continue;
		const wait = secondsUntil(freeAt, now);
		return {
			reason: 'recipientLimit',
			message: `${e164} already had ${limit} codes in the last ${span}, the most it may have; try again in ${waitText(wait)}`,
			retryAfterSeconds: wait,
		};
	}
	return undefined;
}

function requesterRefusal(request: LimitRequest, times: number[], settings: GuardSettings): Refusal | undefined {
	const { full, freeAt } = windowCount(times, HOUR_MS, settings.perRequesterHour, request.now);
	if (!full) return undefined;
	const wait = secondsUntil(freeAt, request.now);
	return {
		reason: 'requesterLimit',
		message: `This requester already had ${settings.perRequesterHour} codes in the last hour, the most it may have; try again in ${waitText(wait)}`,
		retryAfterSeconds: wait,
	};
}

function prefixRefusal(request: LimitRequest, rows: LedgerRow[], times: number[], settings: GuardSettings): LimitRefusal | undefined {
	const { now, prefix } = request;
	const coolDownEnds = rows
		.filter((row) => row.kind === 'coolDown' && row.prefix === prefix && row.expiresAt > now)
		.map((row) => row.expiresAt);
	const limitText = `more than ${settings.perPrefixHour} codes an hour were asked for numbers starting ${prefix}`;
	if (coolDownEnds.length > 0) {
		const until = Math.max(...coolDownEnds);
		return {
			reason: 'prefixVelocity',
			message: `Numbers starting ${prefix} are refused until ${clockTime(until)}: ${limitText}`,
			retryAfterSeconds: secondsUntil(until, now),
		};
	}
	const { full, freeAt } = windowCount(times, HOUR_MS, settings.perPrefixHour, now);
	if (!full) return undefined;
	const until = settings.prefixCoolDown > 0 ? now + settings.prefixCoolDown * 1000 : freeAt;
	return {
		reason: 'prefixVelocity',
		message: `Numbers starting ${prefix} are refused until ${clockTime(until)}: ${limitText}`,
		retryAfterSeconds: secondsUntil(until, now),
		...(settings.prefixCoolDown > 0 ? { startsCoolDownUntil: until } : {}),
	};
}

/**
 * The counting rules, for a request whose row is in: per number, per requester, per
 * prefix. The first that refuses gives the reason; a prefix found full starts its
 * cool-down whichever reason is given.
 */
export function checkLimits(request: LimitRequest, rows: LedgerRow[], settings: GuardSettings): LimitRefusal | undefined {
	const earlier = rows.filter((row) => row.kind === 'code' && row.id < request.id);
	const timesOf = (matches: (row: LedgerRow) => boolean) => earlier.filter(matches).map((row) => row.issuedAt);

	const prefix = prefixRefusal(request, rows, timesOf((row) => row.prefix === request.prefix), settings);
	const requester = request.requester
		? requesterRefusal(request, timesOf((row) => row.requester === request.requester), settings)
		: undefined;
	const recipientTimes = timesOf((row) => row.recipient === request.recipient);
	const recipient = recipientTimes.length > 0 ? recipientRefusal(request, recipientTimes, settings) : undefined;

	const first = recipient ?? requester ?? prefix;
	if (!first || first === prefix || !prefix?.startsCoolDownUntil) return first;
	return { ...first, startsCoolDownUntil: prefix.startsCoolDownUntil };
}

/** The refusal once the hour's budget is used up. */
export function budgetRefusal(settings: GuardSettings, hourStart: number, now: number): Refusal {
	const hourEnd = hourStart + HOUR_MS;
	return {
		reason: 'budget',
		message: `The Fraud Guard's budget of ${settings.budgetPerHour} codes an hour is used up: every request is refused until ${clockTime(hourEnd)}`,
		retryAfterSeconds: secondsUntil(hourEnd, now),
	};
}
