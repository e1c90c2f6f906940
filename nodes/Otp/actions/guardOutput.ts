/**
 * What Generate reads and outputs when the Fraud Guard is on: the number with its type (a
 * premium-rate number is the guard's to refuse, not an input error), and a refused
 * request's item, which carries no code and no token.
 */
import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import type { DescribedNumber } from '../../shared/phone/numberMetadata';
import { describePhoneNumber } from '../../shared/phone/numberMetadata';
import { EMPTY_NUMBER } from '../../shared/phone/phoneNumber';
import { emptyField, invalidField, PHONE_FORMAT_HINT } from '../../shared/params/readers';
import type { Refusal } from '../guard/rules';
import { STATELESS_WARNING } from './tracking';

const TO = { name: 'to', label: 'To' };

export const GUARD_PER_EXECUTION_WARNING =
	'Fraud Guard without a data table: its limits counted only the items of this execution.';

export function readGuardedNumber(context: IExecuteFunctions, itemIndex: number, defaultCountry: string): DescribedNumber {
	const checked = describePhoneNumber(context.getNodeParameter(TO.name, itemIndex, '') as unknown, defaultCountry);
	if (checked.valid) return checked;
	if (checked.reason === EMPTY_NUMBER) throw emptyField(context, itemIndex, TO);
	throw invalidField(context, itemIndex, TO, checked.reason, PHONE_FORMAT_HINT);
}

/** An issued code's item, with the per-execution warning when there is no table. */
export function withGuardWarning(item: IDataObject, tracked: boolean): IDataObject {
	return tracked ? item : { ...item, warning: `${STATELESS_WARNING} ${GUARD_PER_EXECUTION_WARNING}` };
}

/** A refused request's item: `refused: true`, the reason in one word, and a sentence. */
export function refusedOutput(number: DescribedNumber, prefix: string, refusal: Refusal, tracked: boolean): IDataObject {
	return {
		to: number.digits,
		refused: true,
		reason: refusal.reason,
		message: refusal.message,
		...(refusal.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: refusal.retryAfterSeconds }),
		country: number.country ?? null,
		numberType: number.type,
		prefix,
		tracking: tracked ? 'dataTable' : 'none',
		...(tracked ? {} : { warning: GUARD_PER_EXECUTION_WARNING }),
	};
}
