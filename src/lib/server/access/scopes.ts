import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import { OPEN_TO_SPONSORS, type Actor } from './policy';
import { pledgeLifecycle } from '../donations/lifecycles';

/**
 * One scope per kind of listed thing: the rule of its `*.view` action, written as a where-clause
 * for every list of that kind. A property test holds each one to the pure rule over the demo data.
 * Each takes the name (or alias) under which its table appears in the query.
 */
type Scope = Expression<SqlBool>;

const all = (): RawBuilder<SqlBool> => sql<SqlBool>`1 = 1`;
const none = (): RawBuilder<SqlBool> => sql<SqlBool>`1 = 0`;
const col = (table: string, column: string) => sql.ref(`${table}.${column}`);
const or = (...parts: Scope[]): RawBuilder<SqlBool> =>
	sql<SqlBool>`(${sql.join(parts, sql` or `)})`;

const isCoordinator = (a: Actor | null) => a?.role === 'coordinator';
const schoolOf = (a: Actor | null) => (a?.role === 'teacher' ? a.schoolId : null);
const organisationOf = (a: Actor | null) => (a?.role === 'sponsor' ? a.organisationId : null);

/** 'request.view': coordinators all; a teacher their school's; sponsors once approved. */
export function request(actor: Actor | null, table = 'supplyRequest'): Scope {
	if (isCoordinator(actor)) return all();
	const school = schoolOf(actor);
	if (school !== null) return sql<SqlBool>`${col(table, 'schoolId')} = ${school}`;
	if (organisationOf(actor) !== null)
		return sql<SqlBool>`${col(table, 'status')} in (${sql.join([...OPEN_TO_SPONSORS])})`;
	return none();
}

/** 'pledge.view': coordinators all; a sponsor their organisation's. */
export function pledge(actor: Actor | null, table = 'pledge'): Scope {
	if (isCoordinator(actor)) return all();
	const org = organisationOf(actor);
	if (org !== null) return sql<SqlBool>`${col(table, 'organisationId')} = ${org}`;
	return none();
}

/**
 * A shipment's givers include `org`: it sent it, or one of its lines carried org's pledge. Written
 * as membership of two uncorrelated sets (org's shipments, the shipments of org's pledges), each
 * read once through its index, not as subqueries run again for every shipment a list looks at.
 */
function shipmentGivenBy(shipmentId: Expression<unknown>, org: number): RawBuilder<SqlBool> {
	return sql<SqlBool>`(${shipmentId} in (select gs.id from shipment gs where gs.organisation_id = ${org})
		or ${shipmentId} in (select gl.shipment_id from pledge gp join shipment_line gl on gl.pledge_id = gp.id
			where gp.organisation_id = ${org}))`;
}

/** 'shipment.view': coordinators all; a teacher their school's; sponsors those they gave to. */
export function shipment(actor: Actor | null, table = 'shipment'): Scope {
	if (isCoordinator(actor)) return all();
	const school = schoolOf(actor);
	if (school !== null) return sql<SqlBool>`${col(table, 'schoolId')} = ${school}`;
	const org = organisationOf(actor);
	if (org !== null) return shipmentGivenBy(col(table, 'id'), org);
	return none();
}

/**
 * A note's givers include `org` (the rule of `thanks` facts, in SQL). Notes are few next to
 * shipments and pledges, so each note's request and shipment is looked up through its index
 * (correlated EXISTS, ~9 ms for 3,300 notes on the large data) rather than tested against the
 * organisation's whole sets of shipments (~22 ms, the form `shipmentGivenBy` uses for the much
 * longer shipment list).
 */
function noteGivenBy(table: string, org: number): RawBuilder<SqlBool> {
	const shipmentId = col(table, 'shipmentId');
	return or(
		sql<SqlBool>`exists (select 1 from pledge np join request_line nl on nl.id = np.request_line_id
			where nl.request_id = ${col(table, 'requestId')} and np.organisation_id = ${org}
			and np.status != ${pledgeLifecycle.cancel.to})`,
		sql<SqlBool>`exists (select 1 from shipment ns where ns.id = ${shipmentId}
			and ns.organisation_id = ${org})`,
		sql<SqlBool>`exists (select 1 from shipment_line nsl join pledge nsp on nsp.id = nsl.pledge_id
			where nsl.shipment_id = ${shipmentId} and nsp.organisation_id = ${org})`
	);
}

/** 'thanks.view': public notes to anyone; the school's and the givers' to them; all to coordinators. */
export function thanks(actor: Actor | null, table = 'thankYouNote'): Scope {
	const isPublic = sql<SqlBool>`${col(table, 'isPublic')} = 1`;
	if (isCoordinator(actor)) return all();
	const school = schoolOf(actor);
	if (school !== null) return or(isPublic, sql<SqlBool>`${col(table, 'schoolId')} = ${school}`);
	const org = organisationOf(actor);
	if (org !== null) return or(isPublic, noteGivenBy(table, org));
	return isPublic;
}

/** 'upload.view': a photo by the rules of the receipt lines and notes that show it. */
export function upload(actor: Actor | null, table = 'upload'): Scope {
	const id = col(table, 'id');
	const onPublicNote = sql<SqlBool>`exists (select 1 from thank_you_photo pp
		join thank_you_note pn on pn.id = pp.note_id where pp.upload_id = ${id} and pn.is_public = 1)`;
	if (isCoordinator(actor)) return all();
	const school = schoolOf(actor);
	if (school !== null) return or(onPublicNote, sql<SqlBool>`${col(table, 'schoolId')} = ${school}`);
	const org = organisationOf(actor);
	if (org !== null)
		return or(
			onPublicNote,
			sql<SqlBool>`exists (select 1 from receipt_photo rp
				join shipment_line rl on rl.id = rp.shipment_line_id
				join shipment rs on rs.id = rl.shipment_id
				left join pledge rg on rg.id = rl.pledge_id
				where rp.upload_id = ${id} and (rs.organisation_id = ${org} or rg.organisation_id = ${org}))`,
			sql<SqlBool>`exists (select 1 from thank_you_photo tp join thank_you_note tn on tn.id = tp.note_id
				where tp.upload_id = ${id} and ${noteGivenBy('tn', org)})`
		);
	return onPublicNote;
}

/** 'notification.view': a person's own. */
export function notification(actor: Actor | null, table = 'notification'): Scope {
	return actor ? sql<SqlBool>`${col(table, 'userId')} = ${actor.id}` : none();
}
