/**
 * The provider kit: Send and Send in Bulk of a provider that takes one recipient per request,
 * built from what is the provider's own (its fields, how it reads them, its request). Fields,
 * number reading, the send engine, campaigns, output and errors are the same for every such
 * provider and live here or below. docs/adding-a-provider.md walks through using it.
 */
import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';
import { acceptedResult } from '../execution/sendResult';
import type { CallSpec } from '../http/request';
import { recipientField, recipientsField } from '../params/fields';
import type { SendOptions } from '../params/options';
import { readSendOptions, sendOptionsCollection } from '../params/options';
import { readMessageText, readPhoneNumber, readSenderId } from '../params/readers';
import type { BulkMessage, BulkPlan } from '../sending/bulk';
import type { SendJob } from '../sending/dispatch';
import type { AcceptedId } from '../sending/messageIds';
import { messageJob } from '../sending/messageJob';
import type { ItemSends } from '../sending/sendItems';
import type { SmsSegmentInfo } from '../sms/smsSegments';
import { countSmsSegments } from '../sms/smsSegments';

export type Channel = 'sms' | 'whatsapp';

/** An item's message as the provider read it from the node's fields. */
export interface ProviderMessage<M> {
	/** The provider's own reading of the fields (not the recipient). */
	fields: M;
	/** Concurrency, Default Country, Timeout and the rest of the shared Options. */
	options: SendOptions;
	/** Encoding and parts, for an SMS (the output shows them). */
	segments?: SmsSegmentInfo;
	/** Equal for two items whose recipients get the very same request body (Bulk Send pools them). */
	key: string;
}

export interface MessageProvider<M> {
	/** The output's `provider` value, e.g. "betatel". */
	provider: string;
	channel: Channel;
	/** The node's resource and its two operations' values, as saved workflows hold them. */
	resource: string;
	operations: { send: string; sendBulk: string };
	/** The node's fields around the recipient: e.g. From before, Text after. */
	fieldsBefore?: INodeProperties[];
	fieldsAfter: INodeProperties[];
	/** Overrides of the To field (Send) and of the Recipients field (Send in Bulk). */
	recipient?: Partial<INodeProperties>;
	recipients?: Partial<INodeProperties>;
	/** The Options collection; the shared one when not given. */
	options?: INodeProperties;
	/** Reads and checks an item's fields; throws an error naming the item and the field. */
	readMessage(context: IExecuteFunctions, itemIndex: number): ProviderMessage<M>;
	/** The request that sends the message to one recipient (international digits). */
	request(message: ProviderMessage<M>, to: string): CallSpec;
	/** The field the provider's document names for the message ID of an accepted message. */
	messageIdField: string;
}

export interface MessageOperations {
	send: { description: INodeProperties[]; operation: ItemSends };
	sendBulk: { description: INodeProperties[]; operation: { bulk: BulkPlan } };
}

export function messageOperations<M>(provider: MessageProvider<M>): MessageOperations {
	const { resource, operations, channel } = provider;
	const options = provider.options ?? sendOptionsCollection();
	const showFor = (operation: string, recipientProperty: INodeProperties) =>
		updateDisplayOptions({ show: { resource: [resource], operation: [operation] } }, [
			...(provider.fieldsBefore ?? []),
			recipientProperty,
			...provider.fieldsAfter,
			options,
		]);

	const job = <R>(message: ProviderMessage<M>, to: string, itemIndex: number, toResult: (id: AcceptedId, body: IDataObject) => R): SendJob<R> =>
		messageJob({
			itemIndex,
			to,
			country: message.options.defaultCountry,
			call: provider.request(message, to),
			idField: provider.messageIdField,
			...(message.segments ? { segments: message.segments } : {}),
			toResult,
		});

	function prepareSend(this: IExecuteFunctions, itemIndex: number): SendJob<IDataObject> {
		const message = provider.readMessage(this, itemIndex);
		const to = readPhoneNumber(this, itemIndex, { name: 'to', label: 'To' }, message.options.defaultCountry);
		return job(message, to.digits, itemIndex, (id, body) =>
			acceptedResult(body, { provider: provider.provider, channel, ...id, to: to.digits }, message.segments),
		);
	}

	const plan: BulkPlan<ProviderMessage<M>> = {
		provider: provider.provider,
		channel,
		readMessage(this: IExecuteFunctions, itemIndex: number): BulkMessage<ProviderMessage<M>> {
			const message = provider.readMessage(this, itemIndex);
			return { key: message.key, defaultCountry: message.options.defaultCountry, batchSize: 1, fields: message };
		},
		address: (_message, number) => number.digits,
		buildJob(this: IExecuteFunctions, message, [recipient]) {
			return job(message.fields, recipient.address, recipient.itemIndex, (id) => [id]);
		},
	};

	return {
		send: {
			description: showFor(operations.send, recipientField(provider.recipient)),
			operation: { prepareSend, provider: provider.provider, channel },
		},
		sendBulk: {
			description: showFor(operations.sendBulk, recipientsField(provider.recipients)),
			operation: { bulk: plan as BulkPlan },
		},
	};
}

/**
 * The reading of the most common SMS: From (a sender ID: up to 11 letters and digits, or a
 * number) and Text, with the shared Options. Providers with other rules read their own.
 */
export function readSenderAndText(context: IExecuteFunctions, itemIndex: number): ProviderMessage<{ from: string; text: string }> {
	const options = readSendOptions(context, itemIndex);
	const from = readSenderId(context, itemIndex, { name: 'from', label: 'From' });
	const text = readMessageText(context, itemIndex, { name: 'text', label: 'Text' });
	return { fields: { from, text }, options, segments: countSmsSegments(text), key: JSON.stringify([from, text]) };
}
