/** Betatel → WhatsApp → Send OTP: one message per input item, built by the provider kit from ./message.ts. */
import { whatsAppOperations } from './message';

export const { description, operation } = whatsAppOperations.send;
