import { error } from '@sveltejs/kit';
import type { RequestHandler } from './$types';
import { currentUser } from '$lib/server/auth/guards';
import { NotFound } from '$lib/server/errors';
import * as uploads from '$lib/server/uploads/uploads';

/** A stored photo, only for those the policy lets see what it belongs to; to anyone else, absent. */
export const GET = (async ({ params }) => {
	let image: uploads.StoredImage;
	try {
		image = await uploads.get(currentUser(), Number(params.id));
	} catch (e) {
		if (e instanceof NotFound) error(404, { message: 'not found' });
		throw e;
	}
	return new Response(new Uint8Array(image.body), {
		headers: {
			'Content-Type': image.mime,
			'Content-Length': String(image.bytes),
			'X-Content-Type-Options': 'nosniff',
			// Never stored: a photo of a school's delivery must not stay in a shared cache, nor on a
			// shared phone's browser after its user signs out.
			'Cache-Control': 'private, no-store',
			'Content-Disposition': 'inline',
			'Cross-Origin-Resource-Policy': 'same-origin'
		}
	});
}) satisfies RequestHandler;
