import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';
import type { NormalizedPhoneNumber } from './phoneNumber';
import { normalizePhoneNumber } from './phoneNumber';
import { senderIdProblem } from './senderId';

/** Reads a required text parameter and refuses an empty one, naming the field and the item. */
export function readRequiredText(
	context: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): string {
	const value = context.getNodeParameter(parameter, itemIndex, '') as unknown;
	const text = typeof value === 'number' ? String(value) : value;
	if (typeof text !== 'string' || text.trim() === '') {
		throw new NodeOperationError(context.getNode(), `"${label}" is empty in item ${itemIndex}`, {
			itemIndex,
			description: `Enter a value for "${label}", or map one from the input.`,
		});
	}
	return text;
}

/** Reads and validates a phone number parameter before anything is sent. */
export function readPhoneNumber(
	context: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
	defaultCountry: string,
): NormalizedPhoneNumber {
	const value = context.getNodeParameter(parameter, itemIndex, '') as unknown;
	const checked = normalizePhoneNumber(value, defaultCountry);
	if (!checked.valid) {
		throw new NodeOperationError(
			context.getNode(),
			`Invalid "${label}" number in item ${itemIndex}: ${checked.reason}`,
			{
				itemIndex,
				description:
					'Use international format (+254701234567 or 254701234567), or a national number with the Default Country option set.',
			},
		);
	}
	const { valid: _valid, ...normalized } = checked;
	return normalized;
}

/** Reads a sender ID (alphanumeric name or number) and refuses one carriers would not carry. */
export function readSenderId(
	context: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): string {
	const sender = readRequiredText(context, parameter, label, itemIndex).trim();
	const problem = senderIdProblem(sender);
	if (problem) {
		throw new NodeOperationError(context.getNode(), `Invalid "${label}" sender in item ${itemIndex}: ${problem}`, {
			itemIndex,
		});
	}
	return sender;
}
