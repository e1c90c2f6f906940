import type { INodeProperties } from 'n8n-workflow';
import * as generate from './generate.operation';
import * as regenerate from './regenerate.operation';
import * as revoke from './revoke.operation';

export { generate, regenerate, revoke };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['apiKey'] } },
		options: [
			{
				name: 'Generate',
				value: 'generate',
				description: 'Issue a new API key (signed with the username and password)',
				action: 'Generate an API key',
			},
			{
				name: 'Regenerate',
				value: 'regenerate',
				description: 'Revoke an API key and issue a new one in its place',
				action: 'Regenerate an API key',
			},
			{
				name: 'Revoke',
				value: 'revoke',
				description: 'Revoke the API key of the credential, or every active key',
				action: 'Revoke an API key',
			},
		],
		default: 'generate',
	},
	...generate.description,
	...regenerate.description,
	...revoke.description,
];
