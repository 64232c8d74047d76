import { describe, expect, it } from 'vitest';
import { ACTIONS, can, type Action, type Actor, type Subject } from './policy';

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

const school1: Subject = { schoolId: 1 };
const gaveOrg1: Subject = { schoolId: 1, organisationIds: [1] };

/** Every action with the subject it is tried on, and exactly who may do it. */
const table: [Action, Subject, Who[]][] = [
	['admin.access', {}, ['coordinator']],
	['county.manage', {}, ['coordinator']],
	['school.manage', {}, ['coordinator']],
	['organisation.manage', {}, ['coordinator']],
	['invitation.manage', {}, ['coordinator']],
	['user.list', {}, ['coordinator']],
	['user.disable', { userId: 2 }, ['coordinator']],
	['user.disable', { userId: 1 }, []],
	['school.view', school1, ['coordinator', 'teacher', 'sponsor', 'otherSponsor']],
	['student.list', school1, ['coordinator', 'teacher']],
	['student.create', school1, ['coordinator', 'teacher']],
	['student.update', { schoolId: 1, role: 'student' }, ['coordinator', 'teacher']],
	['student.update', { schoolId: 1, role: 'teacher' }, []],
	['account.changePassword', { userId: 4 }, ['student']],
	['home.view', {}, SIGNED_IN],
	['catalog.view', {}, ['coordinator', 'teacher', 'otherTeacher', 'sponsor', 'otherSponsor']],
	['catalog.manage', {}, ['coordinator']],
	['request.list', school1, ['coordinator', 'teacher']],
	['request.view', { schoolId: 1, status: 'draft' }, ['coordinator', 'teacher']],
	['request.view', { schoolId: 1, status: 'submitted' }, ['coordinator', 'teacher']],
	[
		'request.view',
		{ schoolId: 1, status: 'approved' },
		['coordinator', 'teacher', 'sponsor', 'otherSponsor']
	],
	['request.create', school1, ['teacher']],
	['request.edit', { schoolId: 1, status: 'draft' }, ['teacher']],
	['request.edit', { schoolId: 1, status: 'submitted' }, []],
	['request.submit', { schoolId: 1, status: 'draft' }, ['teacher']],
	['request.withdraw', { schoolId: 1, status: 'submitted' }, ['teacher']],
	['request.withdraw', { schoolId: 1, status: 'approved' }, []],
	['request.delete', { schoolId: 1, status: 'draft' }, ['teacher']],
	['request.review', { schoolId: 1, status: 'submitted' }, ['coordinator']],
	['request.review', { schoolId: 1, status: 'approved' }, []],
	['request.close', { schoolId: 1, status: 'delivered' }, ['coordinator']],
	['need.browse', {}, ['coordinator', 'sponsor', 'otherSponsor']],
	['pledge.create', { organisationId: 1, status: 'approved' }, ['sponsor']],
	['pledge.create', { organisationId: 1, status: 'draft' }, []],
	['pledge.cancel', { organisationId: 1, status: 'active' }, ['coordinator', 'sponsor']],
	['pledge.cancel', { organisationId: 1, status: 'shipped' }, []],
	['pledge.list', { organisationId: 1 }, ['coordinator', 'sponsor']],
	['stock.view', {}, ['coordinator']],
	['stock.manage', {}, ['coordinator']],
	['shipment.manage', {}, ['coordinator']],
	['shipment.view', gaveOrg1, ['coordinator', 'teacher', 'sponsor']],
	['receipt.confirm', school1, ['teacher']],
	['discrepancy.resolve', {}, ['coordinator']],
	['upload.view', gaveOrg1, ['coordinator', 'teacher', 'sponsor']],
	['upload.view', { ...gaveOrg1, isPublic: true }, ALL],
	['thanks.create', school1, ['teacher']],
	['thanks.view', gaveOrg1, ['coordinator', 'teacher', 'sponsor']],
	['thanks.view', { ...gaveOrg1, isPublic: true }, ALL],
	['thanks.list', {}, ALL],
	['notification.list', {}, SIGNED_IN],
	['impact.view', {}, ALL]
];

describe('policy', () => {
	it('has a row in this table for every action', () => {
		const covered = new Set(table.map(([action]) => action));
		expect(ACTIONS.filter((a) => !covered.has(a))).toEqual([]);
	});

	describe.each(table)('%s on %o', (action, subject, allowed) => {
		it.each(ALL)('for %s', (who) => {
			expect(can(actors[who], action, subject)).toBe(allowed.includes(who));
		});
	});
});
