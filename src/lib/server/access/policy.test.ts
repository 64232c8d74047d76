import { describe, expect, it } from 'vitest';
import { REQUEST_STATUSES, type PledgeStatus, type ShipmentStatus } from '../db/schema';
import { subjects } from '../donations/lifecycles';
import { ACTIONS, can, decide, kindOf, type Action, type Actor, type FactsByKind } from './policy';

// School 1 and organisation 1 are "ours"; 2 are someone else's.
const actors = {
	coordinator: { id: 1, role: 'coordinator', schoolId: null, organisationId: null },
	teacher: { id: 2, role: 'teacher', schoolId: 1, organisationId: null },
	otherTeacher: { id: 3, role: 'teacher', schoolId: 2, organisationId: null },
	student: { id: 4, role: 'student', schoolId: 1, organisationId: null },
	judge: { id: 5, role: 'judge', schoolId: null, organisationId: null },
	sponsor: { id: 6, role: 'sponsor', schoolId: null, organisationId: 1 },
	otherSponsor: { id: 7, role: 'sponsor', schoolId: null, organisationId: 2 },
	public: null
} satisfies Record<string, Actor | null>;

type Who = keyof typeof actors;
const ALL = Object.keys(actors) as Who[];
const SIGNED_IN = ALL.filter((w) => w !== 'public');
const NOBODY: Who[] = [];

// Every state each subject's schema allows (the lifecycle module lists those schema.ts types only).
const PLEDGE_STATUSES = subjects.pledge.states;
const SHIPMENT_STATUSES = subjects.shipment.states;

const school1: FactsByKind['school'] = { id: 1 };
const request = (status: FactsByKind['request']['status']): FactsByKind['request'] => ({
	id: 10,
	schoolId: 1,
	status
});
const pledge = (status: PledgeStatus): FactsByKind['pledge'] => ({
	id: 20,
	organisationId: 1,
	status
});
const shipment = (status: ShipmentStatus): FactsByKind['shipment'] => ({
	id: 30,
	schoolId: 1,
	status,
	organisationIds: [1]
});
const note = (isPublic: boolean): FactsByKind['thanks'] => ({
	id: 40,
	schoolId: 1,
	organisationIds: [1],
	isPublic
});

type Row = [Action, unknown, Who[]];
const row = (action: Action, facts: unknown, who: Who[]): Row => [action, facts, who];

/** Who may do a request action, in each state of the request's lifecycle. */
function byRequestState(
	action: Action,
	who: Who[],
	states: readonly string[] = REQUEST_STATUSES
): Row[] {
	return REQUEST_STATUSES.map((s) => row(action, request(s), states.includes(s) ? who : NOBODY));
}

const OPEN = ['approved', 'partially_approved', 'fulfilling', 'delivered', 'closed'];
const COVERABLE = ['approved', 'partially_approved', 'fulfilling'];

/** Every action with the facts it is tried on, and exactly who may do it. */
const table: Row[] = [
	row('admin.access', undefined, ['coordinator']),
	row('county.manage', undefined, ['coordinator']),
	row('school.manage', undefined, ['coordinator']),
	row('organisation.manage', undefined, ['coordinator']),
	row('invitation.manage', undefined, ['coordinator']),
	row('user.list', undefined, ['coordinator']),
	row('home.view', undefined, SIGNED_IN),
	row('user.disable', { id: 2, role: 'teacher', schoolId: 1 }, ['coordinator']),
	row('user.disable', { id: 1, role: 'coordinator', schoolId: null }, NOBODY),
	row('account.changePassword', { id: 4, role: 'student', schoolId: 1 }, ['student']),
	row('school.view', school1, ['coordinator', 'teacher', 'sponsor', 'otherSponsor']),
	row('student.list', school1, ['coordinator', 'teacher']),
	row('student.create', school1, ['coordinator', 'teacher']),
	row('student.update', { id: 4, role: 'student', schoolId: 1 }, ['coordinator', 'teacher']),
	row('student.update', { id: 2, role: 'teacher', schoolId: 1 }, NOBODY),
	row('catalog.view', undefined, [
		'coordinator',
		'teacher',
		'otherTeacher',
		'sponsor',
		'otherSponsor'
	]),
	row('catalog.manage', undefined, ['coordinator']),
	row('request.list', undefined, ['coordinator', 'teacher', 'otherTeacher']),
	row('request.create', undefined, ['teacher', 'otherTeacher']),
	row('request.reviewQueue', undefined, ['coordinator']),
	...REQUEST_STATUSES.map((s) =>
		row(
			'request.view',
			request(s),
			OPEN.includes(s)
				? ['coordinator', 'teacher', 'sponsor', 'otherSponsor']
				: ['coordinator', 'teacher']
		)
	),
	...byRequestState('request.viewInternal', ['coordinator', 'teacher']),
	...byRequestState('request.edit', ['teacher'], ['draft']),
	...byRequestState('request.submit', ['teacher'], ['draft']),
	...byRequestState('request.withdraw', ['teacher'], ['submitted']),
	...byRequestState('request.delete', ['teacher'], ['draft']),
	...byRequestState('request.review', ['coordinator'], ['submitted']),
	...byRequestState('request.close', ['coordinator'], ['delivered']),
	row('need.browse', undefined, ['coordinator', 'sponsor', 'otherSponsor']),
	...byRequestState('pledge.create', ['sponsor', 'otherSponsor'], COVERABLE),
	row('pledge.make', undefined, ['sponsor', 'otherSponsor']),
	row('pledge.list', undefined, ['coordinator', 'sponsor', 'otherSponsor']),
	row('pledge.listAll', undefined, ['coordinator']),
	row('pledge.viewInternal', undefined, ['coordinator']),
	...PLEDGE_STATUSES.map((s) => row('pledge.view', pledge(s), ['coordinator', 'sponsor'])),
	...PLEDGE_STATUSES.map((s) =>
		row('pledge.cancel', pledge(s), s === 'active' ? ['coordinator', 'sponsor'] : NOBODY)
	),
	row('stock.view', undefined, ['coordinator']),
	row('stock.manage', undefined, ['coordinator']),
	row('shipment.manage', undefined, ['coordinator']),
	row('shipment.list', undefined, [
		'coordinator',
		'teacher',
		'otherTeacher',
		'sponsor',
		'otherSponsor'
	]),
	...SHIPMENT_STATUSES.map((s) =>
		row('shipment.view', shipment(s), ['coordinator', 'teacher', 'sponsor'])
	),
	...SHIPMENT_STATUSES.map((s) =>
		row('shipment.viewInternal', shipment(s), ['coordinator', 'teacher'])
	),
	...SHIPMENT_STATUSES.map((s) => row('receipt.confirm', shipment(s), ['teacher'])),
	...SHIPMENT_STATUSES.map((s) => row('discrepancy.resolve', shipment(s), ['coordinator'])),
	row('upload.view', { id: 50, schoolId: 1, organisationIds: [1], isPublic: false }, [
		'coordinator',
		'teacher',
		'sponsor'
	]),
	row('upload.view', { id: 50, schoolId: 1, organisationIds: [1], isPublic: true }, ALL),
	row('upload.create', school1, ['teacher']),
	row('thanks.write', undefined, ['teacher', 'otherTeacher']),
	row('thanks.create', school1, ['teacher']),
	row('thanks.view', note(false), ['coordinator', 'teacher', 'sponsor']),
	row('thanks.view', note(true), ALL),
	row('thanks.viewAuthor', note(true), ['coordinator', 'teacher', 'sponsor']),
	row('thanks.list', undefined, ALL),
	row('notification.list', undefined, SIGNED_IN),
	row('notification.view', { id: 60, userId: 4 }, ['student']),
	row('impact.view', undefined, ALL)
];

describe('policy', () => {
	it('has a row in this table for every action', () => {
		const covered = new Set(table.map(([action]) => action));
		expect(ACTIONS.filter((a) => !covered.has(a))).toEqual([]);
	});

	it('tries every action that depends on a state in every state of its lifecycle', () => {
		const statesTried = (action: Action) =>
			new Set(
				table.filter(([a]) => a === action).map(([, f]) => (f as { status?: string }).status)
			);
		for (const action of ACTIONS) {
			const kind = kindOf(action);
			const all =
				kind === 'request'
					? REQUEST_STATUSES
					: kind === 'pledge'
						? PLEDGE_STATUSES
						: kind === 'shipment'
							? SHIPMENT_STATUSES
							: [];
			expect(
				[...all].filter((s) => !statesTried(action).has(s)),
				action
			).toEqual([]);
		}
	});

	describe.each(table)('%s on %o', (action, facts, allowed) => {
		it.each(ALL)('for %s', (who) => {
			expect(
				(can as (a: Actor | null, x: Action, f?: unknown) => boolean)(actors[who], action, facts)
			).toBe(allowed.includes(who));
		});
	});

	it('a thing-specific action without its facts is refused', () => {
		expect(decide(actors.coordinator, 'request.review')).toBe('forbidden');
	});

	it('tells a wrong state from a wrong person', () => {
		expect(decide(actors.teacher, 'request.submit', request('approved'))).toBe('state');
		expect(decide(actors.otherTeacher, 'request.submit', request('draft'))).toBe('forbidden');
		expect(decide(actors.sponsor, 'pledge.cancel', pledge('shipped'))).toBe('state');
		expect(decide(actors.otherSponsor, 'pledge.cancel', pledge('active'))).toBe('forbidden');
	});
});
