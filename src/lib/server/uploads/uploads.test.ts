import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { crc32 } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { getDb } from '../db';
import { Forbidden, NotFound, RuleViolation } from '../errors';
import { createTestDb } from '../testing/db';
import { makeShippingWorld, makeImage, fileOf } from '../testing/shipping';
import { m } from '$lib/paraglide/messages.js';
import * as uploads from './uploads';

let dir: string;
let world: Awaited<ReturnType<typeof makeShippingWorld>>;

beforeEach(async () => {
	dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sapling-uploads-'));
	process.env.UPLOADS_DIR = dir;
	await createTestDb();
	world = await makeShippingWorld();
});

afterEach(() => {
	vi.restoreAllMocks();
	fs.rmSync(dir, { recursive: true, force: true });
	delete process.env.UPLOADS_DIR;
});

const receipt = () => ({ purpose: 'receipt' as const, schoolId: world.schoolA.id });

async function storedNothing() {
	const rows = await getDb().selectFrom('upload').select('id').execute();
	expect(rows).toEqual([]);
	expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
}

async function refused(files: File[]): Promise<RuleViolation> {
	const error = await uploads.saveImages(world.teacherA.actor, files, receipt()).catch((e) => e);
	expect(error).toBeInstanceOf(RuleViolation);
	expect((error as RuleViolation).field).toBe('photos');
	return error as RuleViolation;
}

describe('saving photos', () => {
	it('accepts a real PNG and JPEG, downscales to 1600px and strips metadata', async () => {
		const big = await sharp({
			create: { width: 3200, height: 1000, channels: 3, background: '#2f7d4f' }
		})
			.jpeg()
			.withMetadata({ exif: { IFD0: { Copyright: 'secret camera', Artist: 'someone' } } })
			.toBuffer();
		expect((await sharp(big).metadata()).exif).toBeDefined();
		const png = await makeImage('png', 40, 30);
		const ids = await uploads.saveImages(
			world.teacherA.actor,
			[fileOf(big, 'IMG_0001.JPG', 'image/jpeg'), fileOf(png, 'photo.png', 'image/png')],
			receipt()
		);
		expect(ids).toHaveLength(2);
		const rows = await getDb().selectFrom('upload').selectAll().orderBy('id').execute();
		expect(rows.map((r) => [r.mime, r.width, r.height])).toEqual([
			['image/jpeg', 1600, 500],
			['image/png', 40, 30]
		]);
		// Generated names, not the sender's.
		for (const row of rows) {
			expect(row.storedName).toMatch(/^[0-9a-f]{32}\.(jpg|png)$/);
			expect(row.storedName).not.toContain('IMG');
		}
		const stored = fs.readFileSync(path.join(dir, rows[0].storedName));
		const meta = await sharp(stored).metadata();
		expect(meta.width).toBe(1600);
		expect(meta.exif).toBeUndefined();
		expect(stored.includes(Buffer.from('secret camera'))).toBe(false);

		// Served back to the school, with its type.
		const served = await uploads.get(world.teacherA.actor, ids[1]);
		expect(served.mime).toBe('image/png');
		expect((await sharp(served.body).metadata()).format).toBe('png');
	});

	it('keeps the orientation a phone recorded, then drops the tag', async () => {
		const rotated = await sharp({
			create: { width: 60, height: 20, channels: 3, background: '#888888' }
		})
			.jpeg()
			.withMetadata({ orientation: 6 })
			.toBuffer();
		const [id] = await uploads.saveImages(
			world.teacherA.actor,
			[fileOf(rotated, 'a.jpg', 'image/jpeg')],
			receipt()
		);
		const row = await getDb()
			.selectFrom('upload')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect([row.width, row.height]).toEqual([20, 60]);
	});

	it('ignores the file name entirely, ../ included', async () => {
		const png = await makeImage('png');
		const [id] = await uploads.saveImages(
			world.teacherA.actor,
			[fileOf(png, '../../etc/passwd.jpg', 'image/jpeg')],
			receipt()
		);
		const row = await getDb()
			.selectFrom('upload')
			.selectAll()
			.where('id', '=', id)
			.executeTakeFirstOrThrow();
		expect(row.mime).toBe('image/png');
		expect(row.storedName).toMatch(/^[0-9a-f]{32}\.png$/);
		expect(fs.readdirSync(dir)).toEqual([row.storedName]);
		expect(fs.existsSync(path.join(dir, '..', '..', 'etc', 'passwd.jpg'))).toBe(false);
	});

	it('refuses an ELF executable renamed .jpg, and stores nothing', async () => {
		const elf = Buffer.concat([
			Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
			Buffer.alloc(200)
		]);
		await refused([fileOf(elf, 'holiday.jpg', 'image/jpeg')]);
		await storedNothing();
	});

	it('refuses a Windows MZ executable renamed .jpg', async () => {
		const mz = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(300, 0x90)]);
		await refused([fileOf(mz, 'photo.jpg', 'image/jpeg')]);
		await storedNothing();
	});

	it('refuses a text file sent as image/png', async () => {
		await refused([fileOf('just some text, not a picture', 'a.png', 'image/png')]);
		await storedNothing();
	});

	it('refuses a truncated image: the magic bytes alone are not enough', async () => {
		const jpeg = await makeImage('jpeg', 400, 300);
		await refused([fileOf(jpeg.subarray(0, 200), 'cut.jpg', 'image/jpeg')]);
		await storedNothing();
	});

	it('refuses a GIF or an SVG, even though they are pictures', async () => {
		const gif = await sharp({
			create: { width: 4, height: 4, channels: 3, background: '#000' }
		})
			.gif()
			.toBuffer();
		await refused([fileOf(gif, 'a.gif', 'image/gif')]);
		await refused([
			fileOf('<svg xmlns="http://www.w3.org/2000/svg"></svg>', 'a.svg', 'image/svg+xml')
		]);
		await storedNothing();
	});

	it('refuses a 9 MB image', async () => {
		const png = await makeImage('png');
		const nine = Buffer.concat([png, Buffer.alloc(9 * 1024 * 1024)]);
		const error = await refused([fileOf(nine, 'big.png', 'image/png')]);
		expect(error.message).toMatch(/8/);
		await storedNothing();
	});

	it('refuses five photos at once, even good ones', async () => {
		const png = await makeImage('png');
		await refused(Array.from({ length: 5 }, (_, i) => fileOf(png, `${i}.png`, 'image/png')));
		await storedNothing();
	});

	it('stores none of a batch when one photo is bad', async () => {
		const png = await makeImage('png');
		await refused([fileOf(png, 'good.png', 'image/png'), fileOf('nope', 'bad.png', 'image/png')]);
		await storedNothing();
	});

	it('takes an empty file input as no photo', async () => {
		expect(await uploads.saveImages(world.teacherA.actor, [new File([], '')], receipt())).toEqual(
			[]
		);
		await storedNothing();
	});

	it('refuses a teacher uploading receipt photos for another school, and sponsors', async () => {
		const png = await makeImage('png');
		await expect(
			uploads.saveImages(world.teacherB.actor, [fileOf(png, 'a.png', 'image/png')], receipt())
		).rejects.toBeInstanceOf(Forbidden);
		await expect(
			uploads.saveImages(world.sponsor.actor, [fileOf(png, 'a.png', 'image/png')], receipt())
		).rejects.toBeInstanceOf(Forbidden);
		await storedNothing();
	});
});

/** A real PNG whose header claims other dimensions: what a decompression bomb looks like. */
async function pngClaiming(width: number, height: number): Promise<Buffer> {
	const png = Buffer.from(await makeImage('png', 4, 4));
	// IHDR: length (8), type (12), width (16), height (20), …, CRC over type + data (29).
	png.writeUInt32BE(width, 16);
	png.writeUInt32BE(height, 20);
	png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
	return png;
}

describe('photos on a full disk or too large to decode', () => {
	it('removes a photo written half-way when the disk fills, and every photo before it', async () => {
		const png = await makeImage('png');
		const real = fsp.writeFile.bind(fsp);
		let calls = 0;
		vi.spyOn(fsp, 'writeFile').mockImplementation(async (file, data, options) => {
			if (++calls < 2) return real(file, data, options);
			await real(file, (data as Buffer).subarray(0, 10), options);
			throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
				code: 'ENOSPC'
			});
		});
		const error = await uploads
			.saveImages(
				world.teacherA.actor,
				[fileOf(png, 'a.png', 'image/png'), fileOf(png, 'b.png', 'image/png')],
				receipt()
			)
			.catch((e) => e);
		expect(error).toMatchObject({ code: 'ENOSPC' });
		expect(calls).toBe(2);
		await storedNothing();
	});

	it('stores photos and creates their directory for the owner only', async () => {
		const nested = path.join(dir, 'uploads');
		process.env.UPLOADS_DIR = nested;
		const png = await makeImage('png');
		await uploads.saveImages(world.teacherA.actor, [fileOf(png, 'a.png', 'image/png')], receipt());
		expect(fs.statSync(nested).mode & 0o777).toBe(0o700);
		const [name] = fs.readdirSync(nested);
		expect(fs.statSync(path.join(nested, name)).mode & 0o777).toBe(0o600);
	});

	it('refuses a photo over 50 megapixels from its header, before decoding, with its own message', async () => {
		const error = await refused([fileOf(await pngClaiming(8200, 6200), 'bomb.png', 'image/png')]);
		expect(error.message).toBe(m.ship_upload_too_many_pixels({ mp: 50 }));
		await storedNothing();
		// A phone's full 50 MP resolution is not refused for its size (this one is only a header).
		const phone = await refused([fileOf(await pngClaiming(8192, 6144), 'p.png', 'image/png')]);
		expect(phone.message).toBe(m.ship_upload_unreadable());
	});

	it('decodes photos from parallel posts, two at a time', async () => {
		const png = await makeImage('png', 400, 300);
		const Sharp = Object.getPrototypeOf(sharp()) as { toBuffer: (...a: unknown[]) => unknown };
		const toBuffer = Sharp.toBuffer;
		let now = 0;
		let most = 0;
		vi.spyOn(Sharp, 'toBuffer').mockImplementation(async function (this: unknown, ...a) {
			most = Math.max(most, ++now);
			try {
				await new Promise((r) => setTimeout(r, 10));
				return await toBuffer.apply(this, a);
			} finally {
				now--;
			}
		});
		const posts = await Promise.all(
			Array.from({ length: 4 }, () =>
				uploads.saveImages(
					world.teacherA.actor,
					Array.from({ length: 4 }, (_, i) => fileOf(png, `${i}.png`, 'image/png')),
					receipt()
				)
			)
		);
		expect(posts.flat()).toHaveLength(16);
		expect(most).toBe(uploads.DECODING_AT_ONCE);
		expect(uploads.DECODING_AT_ONCE).toBe(2);
	});
});

describe('serving photos', () => {
	it('shows a photo only to its school and coordinators, not to others or the public', async () => {
		const png = await makeImage('png');
		const [id] = await uploads.saveImages(
			world.teacherA.actor,
			[fileOf(png, 'a.png', 'image/png')],
			receipt()
		);
		expect((await uploads.get(world.coordinator.actor, id)).mime).toBe('image/png');
		for (const actor of [
			world.teacherB.actor,
			world.sponsor.actor,
			world.student.actor,
			world.judge.actor,
			null
		]) {
			await expect(uploads.get(actor, id)).rejects.toBeInstanceOf(NotFound);
		}
		await expect(uploads.get(world.teacherA.actor, id + 100)).rejects.toBeInstanceOf(NotFound);
	});

	it('shows a thank-you photo to the public once its note is public', async () => {
		const png = await makeImage('png');
		const [id] = await uploads.saveImages(
			world.teacherA.actor,
			[fileOf(png, 'a.png', 'image/png')],
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
				isPublic: 0,
				createdAt: Date.now()
			})
			.returning('id')
			.executeTakeFirstOrThrow();
		await getDb().insertInto('thankYouPhoto').values({ noteId: note.id, uploadId: id }).execute();
		await expect(uploads.get(null, id)).rejects.toBeInstanceOf(NotFound);
		await getDb()
			.updateTable('thankYouNote')
			.set({ isPublic: 1 })
			.where('id', '=', note.id)
			.execute();
		expect((await uploads.get(null, id)).mime).toBe('image/png');
	});

	it('discard removes an unattached upload and its file', async () => {
		const png = await makeImage('png');
		const ids = await uploads.saveImages(
			world.teacherA.actor,
			[fileOf(png, 'a.png', 'image/png')],
			receipt()
		);
		await uploads.discard(world.teacherB.actor, ids);
		expect(fs.readdirSync(dir)).toHaveLength(1);
		await uploads.discard(world.teacherA.actor, ids);
		await storedNothing();
	});
});
