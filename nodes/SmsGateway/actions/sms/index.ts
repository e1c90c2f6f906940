import type { INodeProperties } from 'n8n-workflow';
import { smsResourceDescription } from '../../../shared/params/operations';
import * as send from './send.operation';
import * as sendBulk from './sendBulk.operation';

export { send, sendBulk };

export const description: INodeProperties[] = smsResourceDescription([...send.description, ...sendBulk.description]);
