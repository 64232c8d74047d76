import { z } from 'zod';

/** A destructive action's form: the person ticked "I understand". */
export const Confirmed = z.object({
	confirm: z.literal('yes', { message: 'people_confirm_needed' })
});
