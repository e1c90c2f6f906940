/**
 * n8n's own public API (`/api/v1`), called with the Data Table API credential's key. The
 * OTP node, the campaign journal and the opt-out list keep their data in n8n data tables
 * through this API because n8n gives its in-process data table helper only to its own Data
 * table nodes: a community node that calls `getDataTableProxy` is refused ("This proxy is
 * only available for Data table nodes").
 */
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	ILoadOptionsFunctions,
	INode,
} from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/** The type name is the one saved workflows use; only its display name changed. */
export const DATA_TABLE_CREDENTIAL = 'otpDataTableApi';
export const DATA_TABLE_CREDENTIAL_LABEL = 'Data Table API';
/** The header n8n's public API reads its key from (the credential signs with it too). */
export const API_KEY_HEADER = 'X-N8N-API-KEY';
const REQUEST_TIMEOUT_MS = 30_000;
const MAX_DETAIL_LENGTH = 300;

export type ApiContext = IExecuteFunctions | ILoadOptionsFunctions;

export interface ApiAnswer {
	statusCode: number;
	body: unknown;
}

export interface ApiRequest {
	method: IHttpRequestMethods;
	/** Below the API URL, e.g. `/data-tables/abc/rows`. */
	path: string;
	qs?: IDataObject;
	body?: IDataObject;
	/**
	 * Not ended by a cancel of the execution. n8n aborts every authenticated request of a
	 * cancelled execution; the delivery journal must still record what the run sent.
	 */
	outlivesCancel?: boolean;
}

/** One credential's connection to n8n's API, decrypted once per execution. */
export interface N8nApi {
	apiUrl: string;
	call(request: ApiRequest): Promise<ApiAnswer>;
	/** The error for an answer the caller did not expect. */
	failure(answer: ApiAnswer, what: string): NodeOperationError;
	/** An error of the node that uses this connection. */
	error(message: string, description?: string): NodeOperationError;
}

export function apiUrlOf(credentials: ICredentialDataDecryptedObject): string {
	const url = typeof credentials.apiUrl === 'string' ? credentials.apiUrl.trim().replace(/\/+$/, '') : '';
	return url;
}

/**
 * Errors carry no item index: the per-item loop adds the item they happened in.
 */
export async function connectN8nApi(context: ApiContext, itemIndex = 0): Promise<N8nApi> {
	const credentials = await context.getCredentials(DATA_TABLE_CREDENTIAL, itemIndex);
	const apiUrl = apiUrlOf(credentials);
	if (!/^https?:\/\/[^/\s]+/.test(apiUrl)) {
		throw new NodeOperationError(context.getNode(), `The ${DATA_TABLE_CREDENTIAL_LABEL} credential has no valid API URL`, {
			itemIndex,
			description: "Enter this n8n's API address, such as http://localhost:5678/api/v1.",
		});
	}
	const node: INode = context.getNode();
	const error = (message: string, description?: string) =>
		new NodeOperationError(node, message, description ? { description } : {});
	const credentialsDecrypted = { id: '', name: DATA_TABLE_CREDENTIAL, type: DATA_TABLE_CREDENTIAL, data: credentials };

	const call = async ({ method, path, qs, body, outlivesCancel }: ApiRequest): Promise<ApiAnswer> => {
		const options = {
			method,
			url: `${apiUrl}${path}`,
			headers: { accept: 'application/json' },
			...(qs ? { qs } : {}),
			...(body ? { body } : {}),
			json: true,
			timeout: REQUEST_TIMEOUT_MS,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		try {
			const response = (
				outlivesCancel
					? // The key header the credential's authenticate adds, on the helper a cancel does not abort.
						await context.helpers.httpRequest({ ...options, headers: { ...options.headers, [API_KEY_HEADER]: String(credentials.apiKey ?? '') } })
					: await context.helpers.httpRequestWithAuthentication.call(context, DATA_TABLE_CREDENTIAL, options, { credentialsDecrypted })
			) as { statusCode: number; body: unknown };
			return { statusCode: response.statusCode, body: response.body };
		} catch (caught) {
			throw error(`Could not reach n8n's API at ${apiUrl}`, `${(caught as Error).message}. Check the API URL in the ${DATA_TABLE_CREDENTIAL_LABEL} credential.`);
		}
	};

	const failure = (answer: ApiAnswer, what: string) => {
		const { message, description } = explainAnswer(answer, apiUrl);
		return error(`${what}: ${message}`, description);
	};

	return { apiUrl, call, failure, error };
}

/** What n8n's answer says, short; never the request (its headers hold the API key). */
export function apiMessage(body: unknown): string {
	const text =
		body !== null && typeof body === 'object' && typeof (body as IDataObject).message === 'string'
			? ((body as IDataObject).message as string)
			: typeof body === 'string'
				? body
				: '';
	return text.length > MAX_DETAIL_LENGTH ? `${text.slice(0, MAX_DETAIL_LENGTH)}…` : text;
}

function explainAnswer({ statusCode, body }: ApiAnswer, apiUrl: string): { message: string; description: string } {
	const said = apiMessage(body);
	const via = `HTTP ${statusCode}${said ? `: ${said}` : ''}`;
	if (statusCode === 401 || statusCode === 403) {
		return {
			message: `n8n's API refused the API key (${via})`,
			description:
				`Check the API key in the ${DATA_TABLE_CREDENTIAL_LABEL} credential; with API key scopes, it needs the dataTable and dataTableRow scopes.`,
		};
	}
	if (statusCode === 404) {
		return {
			message: `n8n's API did not find it (${via})`,
			description: `Check the data table, and that ${apiUrl} is this n8n's API URL (ending in /api/v1) with the public API enabled.`,
		};
	}
	return { message: `n8n's API answered ${via}`, description: `The request went to ${apiUrl}.` };
}
