/**
 * One request through the Fraud Guard: the number's country and type first (no state), then
 * its row is added and the counting rules read the rows beside it, then the hour's budget
 * counts it. A refused request takes its row back, so it counts against nothing; only the
 * request that finds a prefix full leaves a row behind, its cool-down.
 */
import type { DescribedNumber } from '../../shared/phone/numberMetadata';
import { numberPrefix } from '../../shared/phone/numberMetadata';
import type { OtpKeys } from '../crypto/secret';
import { recipientKey, requesterKey } from '../crypto/secret';
import type { IssuedOtp, IssueRequest } from '../logic/issue';
import { makeOtp } from '../logic/issue';
import type { GuardEntry, GuardLedger } from '../state/ledger';
import { hourStartOf } from '../state/ledger';
import type { GuardSettings, Refusal } from './rules';
import { budgetRefusal, checkLimits, checkNumber } from './rules';

export type Admission = { admitted: true; rowId: number } | { admitted: false; refusal: Refusal };

/** Decides on an entry whose number passed checkNumber. */
export async function admit(
	ledger: GuardLedger,
	entry: GuardEntry,
	e164: string,
	settings: GuardSettings,
): Promise<Admission> {
	const now = entry.issuedAt;
	const hourStart = hourStartOf(now);
	const id = await ledger.add(entry);
	const { rows, budget } = await ledger.related(entry, id, hourStart);
	const limited = checkLimits({ id, e164, now, ...entry }, rows, settings);
	if (limited) {
		const { startsCoolDownUntil, ...refusal } = limited;
		await Promise.all([
			ledger.remove(id),
			startsCoolDownUntil === undefined ? undefined : ledger.startCoolDown(entry.prefix, now, startsCoolDownUntil),
		]);
		return { admitted: false, refusal };
	}
	if (settings.budgetPerHour > 0 && !(await ledger.takeBudget(hourStart, settings.budgetPerHour, budget))) {
		await ledger.remove(id);
		return { admitted: false, refusal: budgetRefusal(settings, hourStart, now) };
	}
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
 * guard's row).
 */
export async function issueGuarded(
	keys: OtpKeys,
	request: GuardedRequest,
	settings: GuardSettings,
	ledger: GuardLedger,
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
	const admission = await admit(ledger, entry, number.e164, settings);
	return admission.admitted ? { issued, prefix } : { refusal: admission.refusal, prefix };
}
