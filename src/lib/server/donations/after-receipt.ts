import type { Transaction } from 'kysely';
import type { Actor } from '../access';
import * as audit from '../audit';
import type { Database } from '../db/schema';
import { notify, recipients } from '../notifications/notify';

type Trx = Transaction<Database>;

/** The shipment a step happened to, and what its notifications name. */
export interface ShipmentOf {
	shipmentId: number;
	number: string;
	/** The line's item in both languages, for a step on one line: each reader's notification names
	 * it in their own. */
	itemZh?: string;
	itemEn?: string;
	/** The pledge the line carried: its sponsor is the one told. */
	pledgeId?: number | null;
	/** The receiving school: its teachers are the ones told. */
	schoolId?: number;
}

/** A step on the shipment's timeline, under its lifecycle action's name. */
export interface ShipmentStep {
	action: string;
	from: string | null;
	to: string;
	reason: string | null;
}

/** The notification each audience gets, if one is named for it. */
export interface Tell {
	coordinators?: string | null;
	/** The sponsor organisation whose pledge the line carried (none for a line from stock). */
	sponsor?: string | null;
	/** The receiving school's teachers. */
	teachers?: string | null;
}

/**
 * The tail of every step of a shipment's dispatch, receipt or discrepancy: the step on the
 * shipment's timeline, then a word to each audience a notification is named for — coordinators,
 * the sponsor whose pledge the line carried, the receiving school's teachers.
 */
export async function afterReceipt(
	trx: Trx,
	actor: Actor,
	shipment: ShipmentOf,
	step: ShipmentStep,
	tell: Tell
): Promise<void> {
	await audit.record(trx, {
		actorId: actor.id,
		subject: 'shipment',
		subjectId: shipment.shipmentId,
		...step
	});
	const params: Record<string, string> = { number: shipment.number };
	if (shipment.itemZh !== undefined && shipment.itemEn !== undefined) {
		params.itemZh = shipment.itemZh;
		params.itemEn = shipment.itemEn;
	}
	const about = { subject: 'shipment', subjectId: shipment.shipmentId, params };
	if (tell.coordinators) {
		const coordinators = await recipients(trx, { role: 'coordinator' });
		await notify(trx, coordinators, { kind: tell.coordinators, ...about });
	}
	if (tell.sponsor && shipment.pledgeId != null) {
		const pledge = await trx
			.selectFrom('pledge')
			.select('organisationId')
			.where('id', '=', shipment.pledgeId)
			.executeTakeFirstOrThrow();
		const sponsors = await recipients(trx, {
			role: 'sponsor',
			organisationIds: [pledge.organisationId]
		});
		await notify(trx, sponsors, { kind: tell.sponsor, ...about });
	}
	if (tell.teachers && shipment.schoolId !== undefined) {
		const teachers = await recipients(trx, { role: 'teacher', schoolId: shipment.schoolId });
		await notify(trx, teachers, { kind: tell.teachers, ...about });
	}
}
