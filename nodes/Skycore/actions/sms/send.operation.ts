/** Skycore → SMS → Send: one message per input item, built by the provider kit from ./message.ts. */
import { smsOperations } from './message';

export const { description, operation } = smsOperations.send;
