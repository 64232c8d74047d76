import { getDb } from '../db';
import type { DemoWorld } from '../demo/seed';
import { hashToken } from './invitations';
import * as time from '../time';

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The people part of the demo: invitations in several states, so the coordinator's list shows
 * what each looks like. Their tokens are thrown away, as the real ones are after being shown once.
 */
export async function seedPeopleDemo(demo: DemoWorld): Promise<void> {
	const now = time.now();
	const token = () => {
		const bytes = new Uint8Array(20);
		crypto.getRandomValues(bytes);
		return hashToken(Buffer.from(bytes).toString('hex'));
	};
	const base = { createdBy: demo.users.coordinator, usedAt: null, usedBy: null, revokedAt: null };
	await getDb()
		.insertInto('invitation')
		.values([
			{
				...base,
				tokenHash: token(),
				role: 'teacher',
				schoolId: demo.schools.sunflower,
				organisationId: null,
				note: '向日葵幼儿园 赵老师',
				createdAt: now - DAY_MS,
				expiresAt: now + 6 * DAY_MS
			},
			{
				...base,
				tokenHash: token(),
				role: 'sponsor',
				schoolId: null,
				organisationId: demo.organisations.trade,
				note: 'Genertec Trade volunteer',
				createdAt: now - 3 * DAY_MS,
				expiresAt: now + 4 * DAY_MS,
				revokedAt: now - 2 * DAY_MS
			},
			{
				...base,
				tokenHash: token(),
				role: 'judge',
				schoolId: null,
				organisationId: null,
				note: '县教研室 评委',
				createdAt: now - 10 * DAY_MS,
				expiresAt: now - 3 * DAY_MS
			}
		])
		.execute();
}
