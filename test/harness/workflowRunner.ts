/**
 * Runs a workflow JSON through n8n's own execution engine (n8n-core's WorkflowExecute), the
 * way n8n tests its built-in nodes: real parameter resolution, real `continueOnFail`, real
 * `httpRequestWithAuthentication` over real sockets. Only the surroundings that the n8n app
 * normally provides (node and credential registries, the credentials store) are test-side.
 */
import { ExecutionLifecycleHooks, SupplyDataContext, WorkflowExecute } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeExecutionData,
	INodeProperties,
	INodeParameters,
	INodeType,
	INodeTypeDescription,
	INodeTypes,
	IRequestOptionsSimplified,
	IRun,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IConnections,
} from 'n8n-workflow';
import { createRunExecutionData, ICredentialsHelper, NodeConnectionTypes, NodeHelpers, Workflow } from 'n8n-workflow';

import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const MANIFEST = require(path.join(ROOT, 'package.json')) as {
	name: string;
	n8n: { nodes: string[]; credentials: string[] };
};

/** The TypeScript source of a `dist/...js` entry of the `n8n` block, so tests run the source. */
function sourceOf(distEntry: string): string {
	return path.join(ROOT, distEntry.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
}

/** Every class a listed module exports, instantiated (each module exports its type's class). */
function instancesOf<T>(entries: string[]): T[] {
	return entries.flatMap((entry) => {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const exported = require(sourceOf(entry)) as Record<string, unknown>;
		return Object.values(exported)
			.filter((value): value is new () => T => typeof value === 'function' && /^class\s/.test(value.toString()))
			.map((Type) => new Type());
	});
}

/** A start node that emits the items a test gives it, so a test controls the input. */
class TestInput implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Test Input',
		name: 'testInput',
		group: ['input'],
		version: 1,
		description: 'Emits the items given in its "items" parameter',
		defaults: { name: 'Test Input' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [{ displayName: 'Items', name: 'items', type: 'json', default: '[]' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const items = JSON.parse(this.getNodeParameter('items', 0) as string) as IDataObject[];
		return [items.map((json) => ({ json }))];
	}
}

/**
 * Node and credential types found the way n8n finds them: from package.json's `n8n` block,
 * named `<package>.<node name>`. A node added to the block is testable with no change here.
 */
const NODE_TYPES: Record<string, INodeType> = {
	'test.testInput': new TestInput(),
	...Object.fromEntries(
		instancesOf<INodeType>(MANIFEST.n8n.nodes).map((type) => [`${MANIFEST.name}.${type.description.name}`, type]),
	),
};

const CREDENTIAL_TYPES: Record<string, ICredentialType> = Object.fromEntries(
	instancesOf<ICredentialType>(MANIFEST.n8n.credentials).map((type) => [type.name, type]),
);

/**
 * Adds node and credential types that are not in package.json's `n8n` block, such as the
 * test-only provider that proves the provider kit (test/providerKit/); nodes as `test.<name>`.
 */
export function registerTestTypes(nodes: INodeType[], credentials: ICredentialType[]): void {
	for (const type of nodes) NODE_TYPES[`test.${type.description.name}`] = type;
	for (const type of credentials) CREDENTIAL_TYPES[type.name] = type;
}

/** The node type instance a test can call methods on (credential tests). */
export function nodeType(name: string): INodeType {
	const type = NODE_TYPES[`${MANIFEST.name}.${name}`];
	if (!type) throw new Error(`No node "${name}" in package.json's n8n block`);
	return type;
}

class TestNodeTypes implements INodeTypes {
	getByName(nodeType: string): INodeType {
		const type = NODE_TYPES[nodeType];
		if (!type) throw new Error(`Unknown node type ${nodeType}`);
		return type;
	}

	getByNameAndVersion(nodeType: string, version?: number): INodeType {
		return NodeHelpers.getVersionedNodeType(this.getByName(nodeType), version);
	}

	getKnownTypes(): IDataObject {
		return {};
	}
}

/**
 * Credentials store and signer. It applies a credential type's generic `authenticate`
 * block the way n8n's app does: every `={{$credentials.x}}` resolved by the workflow's own
 * expression engine, the result merged into the request's headers / qs / body / auth.
 */
class TestCredentialsHelper extends ICredentialsHelper {
	constructor(private readonly store: Record<string, ICredentialDataDecryptedObject>) {
		super();
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
		workflow?: Workflow,
		node?: INode,
	): Promise<IHttpRequestOptions> {
		const authenticate = CREDENTIAL_TYPES[typeName]?.authenticate;
		const options = requestOptions as IHttpRequestOptions & Record<string, IDataObject | undefined>;
		if (!authenticate) return options;
		if (typeof authenticate === 'function') {
			return await authenticate.call(CREDENTIAL_TYPES[typeName], credentials, options);
		}
		if (!workflow || !node) throw new Error('authenticate needs the workflow and the node');

		for (const [target, entries] of Object.entries(authenticate.properties)) {
			const resolved: IDataObject = { ...(options[target] ?? {}) };
			for (const [key, value] of Object.entries(entries as IDataObject)) {
				const resolvedValue = workflow.expression.getSimpleParameterValue(
					node,
					value as string,
					'internal',
					{ $credentials: credentials } as never,
					undefined,
					'',
				);
				resolved[key] = resolvedValue as string;
			}
			options[target] = resolved;
		}
		return options;
	}

	async preAuthentication(
		_helpers: IHttpRequestHelper,
		_credentials: ICredentialDataDecryptedObject,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async runPreAuthentication(): Promise<ICredentialDataDecryptedObject | undefined> {
		return undefined;
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('not used by WorkflowExecute');
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		const data = this.store[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		return { ...data };
	}

	async updateCredentials(): Promise<void> {}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return CREDENTIAL_TYPES[type]?.properties ?? [];
	}
}

export interface NodeUnderTest {
	type: string;
	parameters: IDataObject;
	credentials?: Record<string, { id: string; name: string }>;
	continueOnFail?: boolean;
	/** n8n's "Continue (using error output)": failed items go to a second output. */
	errorOutput?: boolean;
}

export interface RunResult {
	/** Output items of the node under test, or undefined if it failed. */
	items?: INodeExecutionData[];
	/** Items of the error output ("Continue (using error output)"). */
	errorItems?: INodeExecutionData[];
	/** Every main output's items, for nodes with more than one. */
	outputs: INodeExecutionData[][];
	/** The error that stopped the node (without Continue On Fail). */
	error?: IDataObject & { message?: string; description?: string; httpCode?: string };
	run: IRun;
}

/** What the n8n app hands the engine for one execution, with the test's credentials. */
function additionalDataFor(
	credentials: Record<string, ICredentialDataDecryptedObject>,
	workflowData: IWorkflowBase,
): IWorkflowExecuteAdditionalData {
	const hooks = new ExecutionLifecycleHooks('manual', 'test-execution', workflowData);
	return {
		credentialsHelper: new TestCredentialsHelper(credentials),
		hooks,
		executionId: 'test-execution',
		currentNodeExecutionIndex: 0,
		restApiUrl: 'http://localhost:5678/rest',
		instanceBaseUrl: 'http://localhost:5678',
		formBaseUrl: 'http://localhost:5678/form',
		formWaitingBaseUrl: 'http://localhost:5678/form-waiting',
		formTestBaseUrl: 'http://localhost:5678/form-test',
		webhookBaseUrl: 'http://localhost:5678/webhook',
		webhookWaitingBaseUrl: 'http://localhost:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://localhost:5678/webhook-test',
		mcpBaseUrl: 'http://localhost:5678/mcp',
		mcpTestBaseUrl: 'http://localhost:5678/mcp-test',
		variables: {},
		logAiEvent: () => undefined,
		getRunExecutionData: async () => undefined,
		executeWorkflow: async () => {
			throw new Error('not used');
		},
		getRuntimeCredential: async () => undefined,
		startRunnerTask: async () => {
			throw new Error('not used');
		},
	} as unknown as IWorkflowExecuteAdditionalData;
}

/** Builds the workflow JSON "Test Input → node under test" and executes it. */
export async function runNode(
	node: NodeUnderTest,
	inputItems: IDataObject[],
	credentials: Record<string, ICredentialDataDecryptedObject>,
	{ cancelAfterMs, cancelOn }: { cancelAfterMs?: number; cancelOn?: Promise<unknown> } = {},
): Promise<RunResult> {
	const nodes: INode[] = [
		{
			id: 'input',
			name: 'Test Input',
			type: 'test.testInput',
			typeVersion: 1,
			position: [0, 0],
			parameters: { items: JSON.stringify(inputItems) },
		},
		{
			id: 'subject',
			name: 'Node Under Test',
			type: node.type,
			typeVersion: 1,
			position: [200, 0],
			parameters: node.parameters as INodeParameters,
			credentials: node.credentials,
			...(node.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
			...(node.errorOutput ? { onError: 'continueErrorOutput' as const } : {}),
		},
	];
	const connections: IConnections = {
		'Test Input': { main: [[{ node: 'Node Under Test', type: NodeConnectionTypes.Main, index: 0 }]] },
	};
	const workflowData: IWorkflowBase = {
		id: 'test-workflow',
		name: 'Test workflow',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		createdAt: new Date(),
		updatedAt: new Date(),
	} as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		name: workflowData.name,
		nodes,
		connections,
		active: false,
		nodeTypes: new TestNodeTypes(),
		settings: workflowData.settings,
	});

	const additionalData = additionalDataFor(credentials, workflowData);

	const startNode = workflow.getNode('Test Input') ?? undefined;
	const execution = new WorkflowExecute(additionalData, 'manual').run({ workflow, startNode });
	// Cancelling is what n8n does when a user stops an execution: the node's cancel signal fires.
	const cancelTimer = cancelAfterMs === undefined ? undefined : setTimeout(() => execution.cancel(), cancelAfterMs);
	// Or when something the test waits for has happened (e.g. the sandbox took N messages).
	void cancelOn?.then(() => execution.cancel());
	const run = await execution;
	clearTimeout(cancelTimer);
	const taskData = run.data.resultData.runData['Node Under Test']?.[0];
	const error = (taskData?.error ?? run.data.resultData.error) as RunResult['error'];
	const outputs = (taskData?.data?.main ?? []).map((items) => items ?? []);
	return { items: taskData?.data?.main?.[0] ?? undefined, errorItems: taskData?.data?.main?.[1] ?? undefined, outputs, error, run };
}

/**
 * Runs the node as an AI Agent runs a tool: its execute() in n8n-core's SupplyDataContext on
 * the ai_tool connection, with one input item (the tool's arguments). Resolves every output;
 * an agent reads only the first.
 */
export async function runNodeAsTool(
	node: NodeUnderTest,
	credentials: Record<string, ICredentialDataDecryptedObject>,
): Promise<INodeExecutionData[][]> {
	const subject: INode = {
		id: 'tool',
		name: 'Tool Under Test',
		type: node.type,
		typeVersion: 1,
		position: [0, 0],
		parameters: node.parameters as INodeParameters,
		credentials: node.credentials,
	};
	const nodeTypes = new TestNodeTypes();
	const workflow = new Workflow({ id: 'test-workflow', nodes: [subject], connections: {}, active: false, nodeTypes, settings: {} });
	const workflowData = { id: 'test-workflow', name: 'Test workflow', active: false, nodes: [subject], connections: {} } as unknown as IWorkflowBase;
	const inputData = { [NodeConnectionTypes.AiTool]: [[{ json: {} }]] };
	const context = new SupplyDataContext(
		workflow,
		subject,
		additionalDataFor(credentials, workflowData),
		'manual',
		createRunExecutionData(),
		0,
		[],
		inputData,
		NodeConnectionTypes.AiTool,
		{ node: subject, data: inputData, source: null },
		[],
	);
	const result = await nodeTypes.getByNameAndVersion(node.type).execute?.call(context as unknown as IExecuteFunctions);
	return (result ?? []) as INodeExecutionData[][];
}
