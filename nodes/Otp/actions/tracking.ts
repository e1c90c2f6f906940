/**
 * Where the OTP node keeps the state that attempt limits, single use and the rate rule
 * need: an n8n data table, or nowhere (stateless). The fields both operations show, and
 * their readers.
 */
import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { invalidField, readChoice } from '../../shared/params/readers';
import { quote } from '../../shared/params/values';
import type { LocatorValue } from '../../shared/params/locatorAndInputReaders';
import { readResourceLocator } from '../../shared/params/locatorAndInputReaders';
import { OTP_COLUMNS } from '../state/columns';
import { describeColumns } from '../../shared/n8nApi/rows';
import { DATA_TABLE_ID } from '../../shared/n8nApi/dataTables';

export const TRACKING_MODES = ['dataTable', 'none'] as const;
export type Tracking = (typeof TRACKING_MODES)[number];

export const STATELESS_WARNING =
	'Stateless: only the signature and the expiry are checked. Attempts are not counted, and a code stays valid until it expires, even after it was approved.';

export const trackingField: INodeProperties = {
	displayName: 'Attempt Tracking',
	name: 'tracking',
	type: 'options',
	noDataExpression: true,
	options: [
		{
			name: 'Data Table',
			value: 'dataTable',
			description: 'Counts attempts and marks approved codes used, in an n8n data table every n8n process shares',
		},
		{
			name: 'None (Stateless)',
			value: 'none',
			description: 'Checks only the signature and the expiry: no attempt limit, and a code can be approved more than once',
		},
	],
	default: 'dataTable',
	description: 'Where the state behind attempt limits and single use is kept. Use the same choice and table in Generate and Verify.',
};

export const statelessNotice: INodeProperties = {
	displayName: `${STATELESS_WARNING} Choose "Data Table" for a code that can be tried a limited number of times and used once.`,
	name: 'statelessNotice',
	type: 'notice',
	default: '',
	displayOptions: { show: { tracking: ['none'] } },
};

export const dataTableField: INodeProperties = {
	displayName: 'Data Table',
	name: 'dataTable',
	type: 'resourceLocator',
	default: { mode: 'list', value: '' },
	required: true,
	description: `An n8n data table with the columns ${describeColumns(OTP_COLUMNS)}`,
	displayOptions: { show: { tracking: ['dataTable'] } },
	modes: [
		{
			displayName: 'From List',
			name: 'list',
			type: 'list',
			typeOptions: { searchListMethod: 'searchDataTables', searchable: true },
		},
		{
			displayName: 'By Name',
			name: 'name',
			type: 'string',
			placeholder: 'e.g. otp-verification',
		},
		{
			displayName: 'ID',
			name: 'id',
			type: 'string',
			placeholder: 'e.g. AKgzIRNu7PstbeDM',
			validation: [
				{
					type: 'regex',
					properties: { regex: DATA_TABLE_ID.source, errorMessage: 'Not a data table ID' },
				},
			],
		},
	],
};

export function readTracking(context: IExecuteFunctions, itemIndex: number): Tracking {
	return readChoice(context, itemIndex, { name: 'tracking', label: 'Attempt Tracking' }, TRACKING_MODES, 'dataTable');
}

export function readDataTableLocator(
	context: IExecuteFunctions,
	itemIndex: number,
): LocatorValue<'list' | 'id' | 'name'> {
	const field = { name: 'dataTable', label: 'Data Table' };
	const locator = readResourceLocator(context, itemIndex, field, ['list', 'id', 'name'] as const, 'id');
	if (locator.mode !== 'name' && !DATA_TABLE_ID.test(locator.value)) {
		throw invalidField(context, itemIndex, field, `${quote(locator.value)} is not a data table ID`);
	}
	return locator;
}
