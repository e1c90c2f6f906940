import type { INodeProperties } from 'n8n-workflow';
import { smsResourceDescription } from '../../../shared/params/operations';
import * as send from './send.operation';

export { send };

export const description: INodeProperties[] = smsResourceDescription(send.description);
