import type { Role } from '../db/schema';

/**
 * Who may do what: the one place Sapling decides it. Pure — it reads only the actor and the facts
 * of the subject the caller passes in, so it can be tested as a table of every role × action.
 */
export interface Actor {
	id: number;
	role: Role;
	schoolId: number | null;
	organisationId: number | null;
}

/** The facts about a thing that decide who may touch it. */
export interface Subject {
	schoolId?: number | null;
	organisationId?: number | null;
	userId?: number | null;
	/** Role of the user the action is about (e.g. the account being disabled). */
	role?: Role;
}

type Rule = (actor: Actor, subject: Subject) => boolean;

const coordinator: Rule = (a) => a.role === 'coordinator';
const signedIn: Rule = () => true;
const ownSchoolTeacher: Rule = (a, s) =>
	a.role === 'teacher' && a.schoolId !== null && a.schoolId === s.schoolId;
const either =
	(...rules: Rule[]): Rule =>
	(a, s) =>
		rules.some((rule) => rule(a, s));

const rules = {
	// The coordinator's console
	'admin.access': coordinator,
	'county.manage': coordinator,
	'school.manage': coordinator,
	'organisation.manage': coordinator,
	'invitation.manage': coordinator,
	'user.list': coordinator,
	// Nobody disables themselves: that locks the last coordinator out.
	'user.disable': (a, s) => a.role === 'coordinator' && s.userId !== a.id,
	// A school's profile: its own teachers, program staff and sponsors looking for needs.
	'school.view': either(coordinator, ownSchoolTeacher, (a) => a.role === 'sponsor'),
	// Students are managed by the teachers of their school (and program staff).
	'student.list': either(coordinator, ownSchoolTeacher),
	'student.create': either(coordinator, ownSchoolTeacher),
	'student.update': (a, s) => s.role === 'student' && either(coordinator, ownSchoolTeacher)(a, s),
	'account.changePassword': (a, s) => s.userId === a.id,
	'home.view': signedIn
} satisfies Record<string, Rule>;

export type Action = keyof typeof rules;
export const ACTIONS = Object.keys(rules) as Action[];

export function can(actor: Actor | null, action: Action, subject: Subject = {}): boolean {
	if (!actor) return false;
	return rules[action](actor, subject);
}
