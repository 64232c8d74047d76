const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Whether a request that may change something came from another site. SvelteKit's own check covers
 * only form content types; this covers every body (a JSON or text POST to /logout, say). A present
 * Origin must be ours (`null`, sent by sandboxed frames and some redirects, is not); without one,
 * the browser's Sec-Fetch-Site decides, and a client that sends neither (curl, a script) passes.
 */
export function isCrossSiteRequest(
	request: { method: string; origin: string | null; secFetchSite: string | null },
	appOrigin: string
): boolean {
	if (SAFE_METHODS.has(request.method.toUpperCase())) return false;
	if (request.origin !== null) return request.origin !== appOrigin;
	return request.secFetchSite === 'cross-site';
}
