import { randomBytes } from 'node:crypto';
import * as time from '../time';
import fs from 'node:fs/promises';
import path from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import sharp from 'sharp';
import { m } from '$lib/paraglide/messages.js';
import { requireAccess, type Actor } from '../access';
import { config } from '../config';
import { getDb } from '../db';
import type { Upload } from '../db/schema';
import { NotFound, RuleViolation } from '../errors';
import { concurrencyLimit } from './limit';

export const MAX_BYTES = 8 * 1024 * 1024;
export const MAX_FILES = 4;
/** The long edge a photo is shrunk to: plenty for a phone screen, small on a village link. */
export const MAX_EDGE = 1600;
/**
 * The most pixels a photo may have, checked in its header before decoding: 8192 × 6144, the full
 * resolution of today's 50-megapixel phone cameras (they save 12 MP by default). A decode takes
 * about 3–4 bytes a pixel, so anything larger is a decompression bomb rather than a phone photo.
 */
export const MAX_INPUT_PIXELS = 8192 * 6144;
/** How many photos decode at once across all requests: each may take ~150–200 MB while it does. */
export const DECODING_AT_ONCE = 2;
const decoding = concurrencyLimit(DECODING_AT_ONCE);
const FILE_MODE = 0o600;
const DIR_MODE = 0o700;

type Mime = Upload['mime'];
const ALLOWED: Record<string, Mime> = {
	'image/jpeg': 'image/jpeg',
	'image/png': 'image/png',
	'image/webp': 'image/webp'
};
const EXTENSION: Record<Mime, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp'
};

export type Purpose = 'receipt' | 'thank_you';

interface Prepared {
	mime: Mime;
	data: Buffer;
	width: number;
	height: number;
}

/** A browser posts an empty, nameless file when no file was chosen: that is no photo. */
function chosen(files: readonly File[]): File[] {
	return files.filter((f) => f instanceof File && !(f.size === 0 && f.name === ''));
}

/** Checks one file by its content and re-encodes it small, without any of its metadata. */
async function prepare(file: File, field: string): Promise<Prepared> {
	if (file.size > MAX_BYTES) {
		throw new RuleViolation(m.ship_upload_too_large({ mb: MAX_BYTES / 1024 / 1024 }), field);
	}
	if (file.size === 0) throw new RuleViolation(m.ship_upload_bad_type(), field);
	const input = Buffer.from(await file.arrayBuffer());
	if (input.length > MAX_BYTES) {
		throw new RuleViolation(m.ship_upload_too_large({ mb: MAX_BYTES / 1024 / 1024 }), field);
	}
	// The name and the declared type are the sender's word; only the bytes count.
	const sniffed = await fileTypeFromBuffer(input);
	const mime = sniffed ? ALLOWED[sniffed.mime] : undefined;
	if (!mime) throw new RuleViolation(m.ship_upload_bad_type(), field);
	let pixels: number;
	try {
		const header = await sharp(input).metadata();
		pixels = (header.width ?? 0) * (header.height ?? 0);
	} catch {
		throw new RuleViolation(m.ship_upload_unreadable(), field);
	}
	if (pixels > MAX_INPUT_PIXELS) {
		throw new RuleViolation(
			m.ship_upload_too_many_pixels({ mp: Math.floor(MAX_INPUT_PIXELS / 1_000_000) }),
			field
		);
	}
	return decoding(() => shrink(input, mime, field));
}

async function shrink(input: Buffer, mime: Mime, field: string): Promise<Prepared> {
	try {
		let pipeline = sharp(input, { failOn: 'truncated', limitInputPixels: MAX_INPUT_PIXELS })
			.rotate()
			.resize({ width: MAX_EDGE, height: MAX_EDGE, fit: 'inside', withoutEnlargement: true });
		pipeline =
			mime === 'image/jpeg'
				? pipeline.jpeg({ quality: 82, mozjpeg: true })
				: mime === 'image/png'
					? pipeline.png({ compressionLevel: 9 })
					: pipeline.webp({ quality: 80 });
		const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
		return { mime, data, width: info.width, height: info.height };
	} catch {
		throw new RuleViolation(m.ship_upload_unreadable(), field);
	}
}

/**
 * Checks, shrinks and stores photos (JPEG, PNG or WebP, at most MAX_FILES of MAX_BYTES each) and
 * records them; returns their upload ids in order. The files' names are ignored entirely. A refusal
 * (a RuleViolation at `field`) leaves nothing behind, on disk or in the database.
 */
export async function saveImages(
	actor: Actor,
	files: readonly File[],
	options: { purpose: Purpose; schoolId: number; field?: string }
): Promise<number[]> {
	await requireAccess(actor, 'upload.create', options.schoolId);
	const field = options.field ?? 'photos';
	const picked = chosen(files);
	if (picked.length === 0) return [];
	if (picked.length > MAX_FILES) {
		throw new RuleViolation(m.ship_upload_too_many({ max: MAX_FILES }), field);
	}
	// All decoding and writing happens before the transaction: it is slow work.
	const prepared: Prepared[] = [];
	for (const file of picked) prepared.push(await prepare(file, field));

	const dir = config.uploadsDir;
	await fs.mkdir(dir, { recursive: true, mode: DIR_MODE });
	const written: string[] = [];
	try {
		const rows: (Prepared & { storedName: string })[] = [];
		for (const photo of prepared) {
			const storedName = `${randomBytes(16).toString('hex')}.${EXTENSION[photo.mime]}`;
			await writeNew(path.join(dir, storedName), photo.data);
			written.push(storedName);
			rows.push({ ...photo, storedName });
		}
		const now = time.now();
		return await getDb()
			.transaction()
			.execute(async (trx) => {
				const ids: number[] = [];
				for (const row of rows) {
					const inserted = await trx
						.insertInto('upload')
						.values({
							storedName: row.storedName,
							purpose: options.purpose,
							schoolId: options.schoolId,
							uploadedBy: actor.id,
							mime: row.mime,
							bytes: row.data.length,
							width: row.width,
							height: row.height,
							createdAt: now
						})
						.returning('id')
						.executeTakeFirstOrThrow();
					ids.push(inserted.id);
				}
				return ids;
			});
	} catch (e) {
		await removeFiles(written);
		throw e;
	}
}

/** Writes a new file, owner-only; a write that fails half-way (a full disk) leaves nothing. */
async function writeNew(file: string, data: Buffer): Promise<void> {
	try {
		await fs.writeFile(file, data, { flag: 'wx', mode: FILE_MODE });
	} catch (e) {
		// EEXIST: the file is someone else's, and stays.
		if ((e as NodeJS.ErrnoException).code !== 'EEXIST') await fs.rm(file, { force: true });
		throw e;
	}
}

async function removeFiles(storedNames: readonly string[]): Promise<void> {
	for (const name of storedNames) {
		await fs.rm(path.join(config.uploadsDir, path.basename(name)), { force: true });
	}
}

/**
 * Takes back uploads that never got attached (the change they were for was refused): their rows
 * and files go. Only uploads by this actor that nothing refers to.
 */
export async function discard(actor: Actor, uploadIds: readonly number[]): Promise<void> {
	if (uploadIds.length === 0) return;
	const removed = await getDb()
		.transaction()
		.execute(async (trx) => {
			const rows = await trx
				.selectFrom('upload')
				.select(['id', 'storedName'])
				.where('id', 'in', uploadIds)
				.where('uploadedBy', '=', actor.id)
				.where((eb) =>
					eb.and([
						eb.not(
							eb.exists(
								eb
									.selectFrom('receiptPhoto')
									.select('uploadId')
									.whereRef('receiptPhoto.uploadId', '=', 'upload.id')
							)
						),
						eb.not(
							eb.exists(
								eb
									.selectFrom('thankYouPhoto')
									.select('uploadId')
									.whereRef('thankYouPhoto.uploadId', '=', 'upload.id')
							)
						)
					])
				)
				.execute();
			if (rows.length > 0) {
				await trx
					.deleteFrom('upload')
					.where(
						'id',
						'in',
						rows.map((r) => r.id)
					)
					.execute();
			}
			return rows.map((r) => r.storedName);
		});
	await removeFiles(removed);
}

export interface StoredImage {
	mime: Mime;
	bytes: number;
	body: Buffer;
}

/** A photo's bytes, for whoever may see what it belongs to; anyone else gets NotFound. */
export async function get(actor: Actor | null, uploadId: number): Promise<StoredImage> {
	const upload = await getDb()
		.selectFrom('upload')
		.selectAll()
		.where('id', '=', uploadId)
		.executeTakeFirst();
	if (!upload) throw new NotFound();
	await requireAccess(actor, 'upload.view', upload.id);
	try {
		const body = await fs.readFile(path.join(config.uploadsDir, path.basename(upload.storedName)));
		return { mime: upload.mime, bytes: body.length, body };
	} catch {
		throw new NotFound();
	}
}
