/** Skycore → SMS → Send in Bulk: every item's recipients in one pool, built by the provider kit from ./message.ts. */
import { smsOperations } from './message';

export const { description, operation } = smsOperations.sendBulk;
