/**
 * Betatel's message status webhook. Its document lists the WhatsApp statuses (PENDING, SENT,
 * DELIVERED, READ, FAILED, EXPIRED) but not the body; the message is identified by the ID the
 * send answered (`messageId` for SMS, `uuid` for WhatsApp).
 */
import type { NormalizedStatus, ProviderEvents } from './statusEvent';
import { firstText, MESSAGE_ID_FIELDS, objectField } from './fields';

const STATUSES: Readonly<Record<string, NormalizedStatus>> = {
	PENDING: 'queued',
	SENT: 'sent',
	DELIVERED: 'delivered',
	READ: 'read',
	FAILED: 'failed',
	EXPIRED: 'expired',
};

export const betatelEvents: ProviderEvents = {
	provider: 'betatel',
	identifyingFields: [...MESSAGE_ID_FIELDS, 'status'],
	read(fields) {
		const providerStatus = firstText(fields, ['status']);
		// `error: { errorCode, errorMessage }`, or the same fields at the top level.
		const error = objectField(fields, 'error');
		const errorCode = (error && firstText(error, ['errorcode', 'code'])) ?? firstText(fields, ['errorcode']);
		const errorInfo =
			(error && firstText(error, ['errormessage', 'message', 'errorinfo'])) ??
			firstText(fields, ['errormessage', 'errorinfo', 'error']);
		return {
			channel: firstText(fields, ['channel'])?.toLowerCase() ?? null,
			messageId: firstText(fields, MESSAGE_ID_FIELDS),
			status: (providerStatus && STATUSES[providerStatus.toUpperCase()]) || 'unknown',
			providerStatus,
			to: firstText(fields, ['to']),
			from: firstText(fields, ['from']),
			timestamp: firstText(fields, ['timestamp']),
			errorCode,
			errorInfo,
		};
	},
};
