/**
 * The SMS Status Trigger behind a real HTTP server, run the way n8n 2.41.1 runs a production
 * webhook: the body parsed as n8n parses it (./n8nBodyParser), the node's `webhook()` called
 * with n8n-core's own WebhookContext on a Workflow holding the node (parameters resolved with
 * their defaults, expressions evaluated, credentials fetched through a credentials helper),
 * static data loaded before each call and saved after it when it changed, and the answer
 * given as n8n's `executeWebhook` gives it for response mode "onReceived".
 */
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import { HookContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IWebhookData,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers, Workflow } from 'n8n-workflow';
import { SmsStatusTrigger } from '../../../../nodes/SmsStatusTrigger/SmsStatusTrigger.node';
import type { ParsedRequest } from './n8nBodyParser';
import { N8nBodyError, parseBodyAsN8n, parseQueryAsN8n } from './n8nBodyParser';

export const TRIGGER_TYPE = 'n8n-nodes-sms-otp.smsStatusTrigger';
const NODE_NAME = 'SMS Status Trigger';
const WEBHOOK_ID = '5d0c7f3e-2b1a-4c6d-9e8f-0a1b2c3d4e5f';

/** One webhook call as the server saw it. */
export interface WebhookCall {
	status: number;
	/** Items of the execution the call started; undefined when it started none. */
	items?: IDataObject[];
	/** The error the node threw (n8n records an error execution for it). */
	error?: Error;
}

export interface TriggerServer {
	url: string;
	calls: WebhookCall[];
	/** The item lists of every execution started, oldest first. */
	executions: IDataObject[][];
	/** The workflow's static data as "saved" after the last call that changed it. */
	staticData: IDataObject;
	/** Every line the node logged. */
	logLines: string[];
	close(): Promise<void>;
}

export interface TriggerServerOptions {
	parameters: INodeParameters;
	/** The Basic Auth credential's data, when the node uses one. */
	basicAuth?: ICredentialDataDecryptedObject;
	mode?: WorkflowExecuteMode;
}

class TriggerNodeTypes implements INodeTypes {
	private readonly trigger = new SmsStatusTrigger();

	getByName(): INodeType {
		return this.trigger;
	}

	getByNameAndVersion(_type: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.trigger, version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

class BasicAuthCredentials extends ICredentialsHelper {
	constructor(private readonly data: ICredentialDataDecryptedObject | undefined) {
		super();
	}

	async getDecrypted(): Promise<ICredentialDataDecryptedObject> {
		if (!this.data) throw new Error('No credential stored');
		return { ...this.data };
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	getParentTypes(): string[] {
		return [];
	}

	async authenticate(): Promise<never> {
		throw new Error('not used by the trigger');
	}

	async preAuthentication(): Promise<undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<undefined> {
		return undefined;
	}

	async getCredentials(): Promise<never> {
		throw new Error('not used by the trigger');
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(): [] {
		return [];
	}
}

function triggerNode(options: TriggerServerOptions): INode {
	return {
		id: 'trigger',
		name: NODE_NAME,
		type: TRIGGER_TYPE,
		typeVersion: 1,
		position: [0, 0],
		webhookId: WEBHOOK_ID,
		parameters: structuredClone(options.parameters),
		...(options.basicAuth
			? { credentials: { smsStatusTriggerBasicAuthApi: { id: 'basic', name: 'Basic Auth' } } }
			: {}),
	};
}

/** The workflow n8n would build for one call: the trigger node, its static data, its request. */
function triggerWorkflow(
	options: TriggerServerOptions,
	staticData: IDataObject,
	http: { httpRequest?: ParsedRequest; httpResponse?: import('http').ServerResponse } = {},
) {
	const nodeTypes = new TriggerNodeTypes();
	const workflow = new Workflow({
		id: 'status-trigger-workflow',
		name: 'Status trigger',
		nodes: [triggerNode(options)],
		connections: {},
		active: true,
		nodeTypes,
		staticData: structuredClone(staticData),
		settings: { executionOrder: 'v1' },
	});
	const additionalData = {
		credentialsHelper: new BasicAuthCredentials(options.basicAuth),
		...http,
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		variables: {},
	} as unknown as IWorkflowExecuteAdditionalData;
	const description = nodeTypes.getByName().description.webhooks![0];
	const webhookData = {
		httpMethod: 'POST',
		node: NODE_NAME,
		path: `${WEBHOOK_ID}/${description.path as string}`,
		webhookDescription: description,
		workflowId: workflow.id,
		workflowExecuteAdditionalData: additionalData,
		webhookId: WEBHOOK_ID,
	} as IWebhookData;
	return { workflow, node: workflow.getNode(NODE_NAME)!, additionalData, webhookData };
}

/** The context n8n gives `webhookMethods` when a workflow is published (or listens for a test event). */
export function hookContext(options: TriggerServerOptions): HookContext {
	const { workflow, node, additionalData, webhookData } = triggerWorkflow(options, {});
	return new HookContext(workflow, node, additionalData, options.mode ?? 'trigger', 'activate', webhookData);
}

function answerJson(res: import('http').ServerResponse, status: number, body: unknown): void {
	if (res.headersSent) return;
	res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
	res.end(JSON.stringify(body));
}

export async function startTriggerServer(options: TriggerServerOptions): Promise<TriggerServer> {
	const state: Omit<TriggerServer, 'url' | 'close'> = { calls: [], executions: [], staticData: {}, logLines: [] };

	async function runTrigger(req: ParsedRequest, res: import('http').ServerResponse): Promise<WebhookCall> {
		const { workflow, node, additionalData, webhookData } = triggerWorkflow(options, state.staticData, {
			httpRequest: req,
			httpResponse: res,
		});
		const context = new WebhookContext(workflow, node, additionalData, options.mode ?? 'webhook', webhookData, [], null);
		const logged = (line: string) => state.logLines.push(line);
		Object.defineProperty(context, 'logger', {
			value: { debug: logged, info: logged, warn: logged, error: logged },
		});

		let result: IWebhookResponseData;
		try {
			result = await new SmsStatusTrigger().webhook.call(context);
		} catch (error) {
			// n8n answers with a generic 500 and records an execution holding the error.
			answerJson(res, 500, { code: 0, message: 'Workflow Webhook Error: Workflow could not be started!' });
			state.executions.push([]);
			return { status: 500, error: error as Error };
		}
		if (workflow.staticData.__dataChanged === true) {
			const { __dataChanged: _changed, ...saved } = JSON.parse(JSON.stringify(workflow.staticData)) as IDataObject;
			state.staticData = saved;
		}
		if (result.workflowData === undefined) {
			if (!result.noWebhookResponse) answerJson(res, 200, result.webhookResponse ?? { message: 'Webhook call received' });
			return { status: res.statusCode };
		}
		const items = (result.workflowData[0] as INodeExecutionData[]).map((item) => item.json);
		state.executions.push(items);
		answerJson(res, 200, { message: 'Workflow was started' });
		return { status: 200, items };
	}

	const server = createServer((req: ParsedRequest, res) => {
		void (async () => {
			let call: WebhookCall;
			try {
				parseQueryAsN8n(req);
				await parseBodyAsN8n(req);
				call = await runTrigger(req, res);
			} catch (error) {
				const status = error instanceof N8nBodyError ? error.status : 500;
				answerJson(res, status, { code: status, message: (error as Error).message });
				call = { status };
			}
			state.calls.push(call);
		})();
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return Object.assign(state, {
		url: `http://127.0.0.1:${port}/webhook/${WEBHOOK_ID}/delivery-status`,
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	});
}
