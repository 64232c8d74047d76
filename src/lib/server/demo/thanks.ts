import sharp from 'sharp';
import type { Actor } from '../access/policy';
import { getDb } from '../db';
import * as requests from '../donations/requests';
import * as thanks from '../donations/thanks';
import type { DemoWorld } from './seed';

/** A small drawing of a sapling on a classroom shelf: a demo photo without anyone's face. */
async function demoPhoto(hue: string): Promise<File> {
	const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="480">
		<rect width="640" height="480" fill="${hue}"/>
		<rect x="60" y="330" width="520" height="24" fill="#8a5a2b"/>
		<rect x="90" y="230" width="40" height="100" fill="#c0392b"/>
		<rect x="135" y="250" width="34" height="80" fill="#2980b9"/>
		<rect x="174" y="240" width="44" height="90" fill="#f1c40f"/>
		<rect x="223" y="260" width="30" height="70" fill="#27ae60"/>
		<path d="M440 330 V210" stroke="#2f7d4f" stroke-width="10" stroke-linecap="round"/>
		<path d="M440 220 c0-50 30-80 80-80 0 50-30 80-80 80z" fill="#2f7d4f"/>
		<path d="M440 250 c0-40-25-65-65-65 0 40 25 65 65 65z" fill="#3e9a63"/>
	</svg>`;
	const data = await sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
	return new File([new Uint8Array(data)], 'shelf.jpg', { type: 'image/jpeg' });
}

async function teacherOf(world: DemoWorld, schoolId: number): Promise<Actor | undefined> {
	const preferred = [world.users.teacher, world.users.teacher2];
	const rows = await getDb()
		.selectFrom('user')
		.select(['id', 'role', 'schoolId', 'organisationId'])
		.where('role', '=', 'teacher')
		.where('schoolId', '=', schoolId)
		.where('disabledAt', 'is', null)
		.orderBy('id')
		.execute();
	return rows.find((r) => preferred.includes(r.id)) ?? rows[0];
}

/**
 * Thank-you notes on the demo's delivered requests: one public (with a photo), one for the givers
 * only. Posted through the service, so the sponsors who gave get their notifications. Skips quietly
 * when nothing has been delivered.
 */
export async function seedThanks(world: DemoWorld): Promise<void> {
	const delivered = await getDb()
		.selectFrom('supplyRequest')
		.select(['id', 'schoolId'])
		.where('status', 'in', requests.THANKABLE)
		.orderBy('id')
		.execute();
	if (delivered.length === 0) return;
	const [first, second = first] = delivered;

	const firstTeacher = await teacherOf(world, first.schoolId);
	if (firstTeacher) {
		await thanks.create(
			firstTeacher,
			{ request: first.id },
			{
				body:
					'收到新书的那天，孩子们围在图书角舍不得走。谢谢你们！\n' +
					'The day the new books arrived, the children would not leave the reading corner. Thank you!',
				isPublic: true
			},
			[await demoPhoto('#f6efe0')]
		);
	}
	const secondTeacher = await teacherOf(world, second.schoolId);
	if (secondTeacher) {
		await thanks.create(
			secondTeacher,
			{ request: second.id },
			{
				body:
					'体育器材已经用上了，课间操热闹多了。一个篮球的气针少了一个，我们自己配好了。\n' +
					'The sports kit is already in use and breaks are much livelier. One pump needle was missing; we found one ourselves.',
				isPublic: false
			}
		);
	}
}
