/**
 * Answers the node writes itself. Returning no items would make n8n answer 200 and hide a
 * rejection from the provider, so a refused request gets its status code here and n8n is
 * told the response is sent (`noWebhookResponse`), which also starts no execution.
 */
import type { IWebhookFunctions, IWebhookResponseData } from 'n8n-workflow';

export interface WebhookResponse {
	writeHead(status: number, headers: Record<string, string>): unknown;
	end(body: string): unknown;
}

export function refuse(
	context: IWebhookFunctions,
	status: 400 | 401,
	message: string,
	headers: Record<string, string> = {},
): IWebhookResponseData {
	const response = context.getResponseObject() as WebhookResponse;
	response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
	response.end(JSON.stringify({ message }));
	// Only the status and the reason: never the token, a header or the body.
	context.logger.debug(`SMS Status Trigger answered ${status}: ${message}`);
	return { noWebhookResponse: true };
}
