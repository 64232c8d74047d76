import type { ParamMatcher } from '@sveltejs/kit';

/** A database id in a URL: a positive whole number of at most ten digits; anything else is a 404. */
export const match = ((param: string): boolean =>
	/^[1-9]\d{0,9}$/.test(param)) satisfies ParamMatcher;
