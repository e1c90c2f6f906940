/**
 * One call of the trigger's webhook: authenticate, check the body, read its events, keep
 * those the trigger wants, and hand them to n8n, which answers the provider 200 as soon as the
 * execution is started (response mode "onReceived"): nothing slow happens before the answer.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';
import { readStatusEvents } from '../events/readEvents';
import { checkAuthentication } from './authenticate';
import type { WebhookRequest } from './body';
import { checkBody } from './body';
import { dropRecentRepeats } from './duplicates';
import { refuse } from './respond';
import { readAuthenticationSettings, readEventSettings } from './settings';

const PROVIDER_NAMES = { betatel: 'Betatel', skycore: 'Skycore' } as const;

export async function handleStatusWebhook(context: IWebhookFunctions): Promise<IWebhookResponseData> {
	const request = context.getRequestObject() as WebhookRequest;

	const authentication = readAuthenticationSettings(context);
	const verdict = await checkAuthentication(context, request.headers, authentication);
	if (!verdict.accepted) {
		const challenge: Record<string, string> =
			authentication.mode === 'basicAuth' ? { 'www-authenticate': 'Basic realm="SMS Status Trigger"' } : {};
		return refuse(context, 401, `Unauthorized: ${verdict.reason}`, challenge);
	}

	const body = checkBody(request, context.getBodyData());
	if (!body.accepted) return refuse(context, 400, `Bad request: ${body.reason}`);

	const settings = readEventSettings(context);
	const receivedAt = new Date();
	const events = readStatusEvents(settings.provider, body.value, receivedAt);
	if (events.length === 0) {
		return refuse(
			context,
			400,
			`Bad request: the body holds no ${PROVIDER_NAMES[settings.provider]} status event (no message ID or status field)`,
		);
	}

	// An event the workflow cannot match to a message, or that says nothing of it, is no report.
	const incomplete = events.findIndex((event) => event.messageId === null || event.providerStatus === null);
	if (incomplete !== -1) {
		const what = events[incomplete].messageId === null ? 'message ID' : 'status';
		return refuse(
			context,
			400,
			`Bad request: ${events.length > 1 ? `event ${incomplete + 1} of ${events.length}` : 'the event'} has no ${what}`,
		);
	}

	const wanted = events.filter((event) => settings.statuses.includes(event.status));
	const fresh = settings.ignoreDuplicates
		? dropRecentRepeats(context.getWorkflowStaticData('node'), wanted, receivedAt.getTime())
		: wanted;
	if (fresh.length === 0) {
		const why = wanted.length === 0 ? "none of the events has one of the trigger's statuses" : 'every event was a repeat';
		return { webhookResponse: { message: `Received; ${why}, so no workflow was started` } };
	}
	return { workflowData: [fresh.map((event) => ({ json: event }))] };
}
