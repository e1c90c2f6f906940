/**
 * The Data Table API credential shows on a provider node as soon as its Campaign option group
 * is added, and not before: checked with n8n's own display rule (NodeHelpers.displayParameter,
 * which the editor and the execution's credential check use), on each provider node, as the
 * server holds the description and as the editor gets it (a JSON copy). With the typed rule
 * `hide: { 'options.campaign': [undefined] }` the JSON copy asks always ("does not ask" fails
 * for it: JSON turns `[undefined]` into `[null]`), which blocked running a plain Send in the
 * editor.
 */
import type { INodeCredentialDescription, INodeParameters } from 'n8n-workflow';
import { NodeHelpers } from 'n8n-workflow';
import { nodeType } from '../harness/workflowRunner';

const dataTableCredential = (node: string): INodeCredentialDescription => {
	const found = nodeType(node).description.credentials?.find((credential) => credential.name === 'otpDataTableApi');
	if (!found) throw new Error(`${node} does not list the Data Table API credential`);
	return found;
};

/** Whether the server and the editor (its JSON copy of the description) show it; they must agree. */
const shown = (node: string, parameters: INodeParameters) => {
	const onServer = NodeHelpers.displayParameter(parameters, dataTableCredential(node), null, nodeType(node).description);
	const inEditor = NodeHelpers.displayParameter(parameters, JSON.parse(JSON.stringify(dataTableCredential(node))), null, null);
	return onServer === inEditor ? onServer : `server ${onServer}, editor ${inEditor}`;
};

describe.each(['betatel', 'skycore', 'smsGateway'])('the %s node', (node) => {
	it('asks for the Data Table API credential once the Campaign group is added', () => {
		expect(shown(node, { resource: 'sms', operation: 'sendBulk', options: { campaign: {} } })).toBe(true);
		expect(shown(node, { resource: 'sms', operation: 'send', options: { campaign: { journal: { __rl: true, mode: 'list', value: '' } } } })).toBe(true);
	});

	it('does not ask for it otherwise', () => {
		expect(shown(node, { resource: 'sms', operation: 'sendBulk', options: {} })).toBe(false);
		expect(shown(node, { resource: 'sms', operation: 'send', options: { dryRun: true } })).toBe(false);
		expect(shown(node, { resource: 'sms', operation: 'send' })).toBe(false);
	});
});
