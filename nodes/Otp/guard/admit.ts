/**
 * One request through the Fraud Guard: the number's country and type first (no state); then
 * the rows beside it are read, and a request the counts already refuse stops there, at the
 * cost of one read (most requests of an attack). Otherwise its row is added while the hour's
 * budget counts it, and the counts are read again, now ranked by row id (see rules.ts). A
 * request refused then takes back its row and its place in the budget, so it counts against
 * nothing; only the request that finds a prefix full leaves a row behind, its cool-down.
 */
import type { DescribedNumber } from '../../shared/phone/numberMetadata';
import { numberPrefix } from '../../shared/phone/numberMetadata';
import type { OtpKeys } from '../crypto/secret';
import { recipientKey, requesterKey } from '../crypto/secret';
import type { IssuedOtp, IssueRequest } from '../logic/issue';
import { makeOtp } from '../logic/issue';
import type { GuardEntry, GuardLedger } from '../state/ledger';
import { hourStartOf } from '../state/ledger';
import type { GuardSettings, LimitRefusal, Refusal } from './rules';
import { budgetRefusal, checkLimits, checkNumber } from './rules';

export type Admission = { admitted: true; rowId: number } | { admitted: false; refusal: Refusal };

/** Before its own row is in, every row read is older than the request's would be. */
const NOT_YET_ADDED = Number.MAX_SAFE_INTEGER;

/** Decides on an entry whose number passed checkNumber. */
export async function admit(
	ledger: GuardLedger,
	entry: GuardEntry,
	e164: string,
	settings: GuardSettings,
): Promise<Admission> {
	const now = entry.issuedAt;
	const hourStart = hourStartOf(now);
	const hasBudget = settings.budgetPerHour > 0;
	const refuse = async (limited: LimitRefusal, taken: { ownId?: number; budget?: boolean } = {}): Promise<Admission> => {
		const { startsCoolDownUntil, ...refusal } = limited;
		await Promise.all([
			taken.ownId === undefined ? undefined : ledger.remove(taken.ownId),
			taken.budget ? ledger.returnBudget(hourStart) : undefined,
			startsCoolDownUntil === undefined ? undefined : ledger.startCoolDown(entry.prefix, now, startsCoolDownUntil),
		]);
		return { admitted: false, refusal };
	};

	const before = await ledger.related(entry, NOT_YET_ADDED, hourStart);
	const refusedBefore = checkLimits({ id: NOT_YET_ADDED, e164, now, ...entry }, before.rows, settings);
	if (refusedBefore) return await refuse(refusedBefore);
	if (hasBudget && (before.budget?.count ?? 0) >= settings.budgetPerHour) {
		return await refuse(budgetRefusal(settings, hourStart, now));
	}

	const [id, budgetTaken] = await Promise.all([
		ledger.add(entry),
		hasBudget ? ledger.takeBudget(hourStart, settings.budgetPerHour, before.budget) : true,
	]);
	const { rows } = await ledger.related(entry, id, hourStart);
	const limited = checkLimits({ id, e164, now, ...entry }, rows, settings);
	if (limited) return await refuse(limited, { ownId: id, budget: hasBudget && budgetTaken });
	if (!budgetTaken) return await refuse(budgetRefusal(settings, hourStart, now), { ownId: id });
	return { admitted: true, rowId: id };
}

export interface GuardedRequest extends Omit<IssueRequest, 'to' | 'minInterval'> {
	number: DescribedNumber;
	/** The Requester Key as read, '' for none. */
	requester: string;
}

export type GuardedOutcome = { issued: IssuedOtp; prefix: string } | { refusal: Refusal; prefix: string };

/**
 * Generate with the guard: a code and token are made only in memory until the guard lets
 * the request through; `stateful` when the ledger is a data table (the code's row is the
 * guard's row). The ledger is opened only for a number that passed Countries and Number Types.
 */
export async function issueGuarded(
	keys: OtpKeys,
	request: GuardedRequest,
	settings: GuardSettings,
	openLedger: () => Promise<GuardLedger>,
	stateful: boolean,
): Promise<GuardedOutcome> {
	const { number } = request;
	const prefix = numberPrefix(number, settings.prefixDigits);
	const refusedNumber = checkNumber(number, settings);
	if (refusedNumber) return { refusal: refusedNumber, prefix };

	const issued = makeOtp(keys, { ...request, to: number.digits }, stateful);
	const entry: GuardEntry = {
		codeId: issued.claims.tokenId,
		recipient: recipientKey(keys, number.digits),
		prefix,
		...(request.requester !== '' && settings.perRequesterHour > 0
			? { requester: requesterKey(keys, request.requester) }
			: {}),
		issuedAt: request.now,
		expiresAt: issued.claims.expiresAt * 1000,
	};
	const admission = await admit(await openLedger(), entry, number.e164, settings);
	return admission.admitted ? { issued, prefix } : { refusal: admission.refusal, prefix };
}
