import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '$lib/server/db';
import { createTestDb } from '$lib/server/testing/db';
import { fileOf, makeImage, makeShippingWorld } from '$lib/server/testing/shipping';
import * as uploads from '$lib/server/uploads/uploads';
import { GET } from './+server';

// The public's view: no one signed in.
vi.mock('$lib/server/auth/guards', () => ({ currentUser: () => null }));

let dir: string;
beforeEach(() => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-photo-route-'));
	process.env.UPLOADS_DIR = dir;
});
afterEach(() => {
	fs.rmSync(dir, { recursive: true, force: true });
	delete process.env.UPLOADS_DIR;
});

describe('GET /uploads/[id]', () => {
	it('serves a photo that no browser or cache may keep', async () => {
		await createTestDb();
		const world = await makeShippingWorld();
		const [id] = await uploads.saveImages(
			world.teacherA.actor,
			[fileOf(await makeImage('png'), 'a.png', 'image/png')],
			{ purpose: 'thank_you', schoolId: world.schoolA.id }
		);
		const note = await getDb()
			.insertInto('thankYouNote')
			.values({
				schoolId: world.schoolA.id,
				requestId: null,
				shipmentId: null,
				authorId: world.teacherA.id,
				body: 'Thank you!',
				isPublic: 1,
				createdAt: Date.now()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await getDb().insertInto('thankYouPhoto').values({ noteId: note.id, uploadId: id }).execute();

		const response = (await GET({ params: { id: String(id) } } as Parameters<
			typeof GET
		>[0])) as Response;
		expect(response.status).toBe(200);
		expect(response.headers.get('Cache-Control')).toBe('private, no-store');
		expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
	});
});
