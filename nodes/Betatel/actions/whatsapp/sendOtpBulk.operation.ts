/** Betatel → WhatsApp → Send OTP in Bulk: every item's recipients in one pool, built by the provider kit from ./message.ts. */
import { whatsAppOperations } from './message';

export const { description, operation } = whatsAppOperations.sendBulk;
