import type { Role } from '../db/schema';

/**
 * Who may do what: the one place Sapling decides it. Pure — it reads only the actor and the facts
 * of the subject the caller passes in, so it is tested as a table of every role × action.
 */
export interface Actor {
	id: number;
	role: Role;
	schoolId: number | null;
	organisationId: number | null;
}

/** The facts about a thing that decide who may touch it. */
export interface Subject {
	/** The school the thing belongs to. */
	schoolId?: number | null;
	/** The organisation the thing belongs to (a pledge's sponsor). */
	organisationId?: number | null;
	/** Every sponsor organisation that gave to the thing (a shipment, a thank-you note, a photo). */
	organisationIds?: readonly number[];
	/** The user the action is about. */
	userId?: number | null;
	/** The role of the user the action is about. */
	role?: Role;
	/** The thing's state, where it decides (a supply request's status). */
	status?: string;
	/** Shown to the public by its author's choice. */
	isPublic?: boolean;
}

type Rule = (actor: Actor | null, subject: Subject) => boolean;

const anyone: Rule = () => true;
const signedIn: Rule = (a) => a !== null;
const coordinator: Rule = (a) => a?.role === 'coordinator';
const sponsor: Rule = (a) => a?.role === 'sponsor' && a.organisationId !== null;
const ownSchoolTeacher: Rule = (a, s) =>
	a?.role === 'teacher' && a.schoolId !== null && a.schoolId === s.schoolId;
const ownOrganisationSponsor: Rule = (a, s) =>
	sponsor(a, s) && a!.organisationId === s.organisationId;
const givingSponsor: Rule = (a, s) =>
	sponsor(a, s) && (s.organisationIds ?? []).includes(a!.organisationId!);
const isPublic: Rule = (_a, s) => s.isPublic === true;
const inStatus =
	(...statuses: string[]): Rule =>
	(_a, s) =>
		s.status !== undefined && statuses.includes(s.status);
const either =
	(...rules: Rule[]): Rule =>
	(a, s) =>
		rules.some((rule) => rule(a, s));
const both =
	(...rules: Rule[]): Rule =>
	(a, s) =>
		rules.every((rule) => rule(a, s));

/** Request states in which sponsors see a request: it has been approved, at least in part. */
const OPEN_TO_SPONSORS = ['approved', 'partially_approved', 'fulfilling', 'delivered', 'closed'];

const rules = {
	// The coordinator's console
	'admin.access': coordinator,
	'county.manage': coordinator,
	'school.manage': coordinator,
	'organisation.manage': coordinator,
	'invitation.manage': coordinator,
	'user.list': coordinator,
	// Nobody disables themselves: that could lock the last coordinator out.
	'user.disable': (a, s) => coordinator(a, s) && s.userId !== a!.id,
	// A school's profile: its own teachers, program staff, and sponsors looking for needs.
	'school.view': either(coordinator, ownSchoolTeacher, sponsor),
	// Students are managed by the teachers of their school (and by program staff).
	'student.list': either(coordinator, ownSchoolTeacher),
	'student.create': either(coordinator, ownSchoolTeacher),
	'student.update': (a, s) => s.role === 'student' && either(coordinator, ownSchoolTeacher)(a, s),
	'account.changePassword': (a, s) => a !== null && s.userId === a.id,
	'home.view': signedIn,

	// Donations: the catalog
	'catalog.view': either(coordinator, (a) => a?.role === 'teacher', sponsor),
	'catalog.manage': coordinator,
	// Supply requests: a teacher's own school's; reviewed by coordinators; seen by sponsors once approved.
	'request.list': either(coordinator, ownSchoolTeacher),
	'request.view': either(
		coordinator,
		ownSchoolTeacher,
		both(sponsor, inStatus(...OPEN_TO_SPONSORS))
	),
	'request.create': ownSchoolTeacher,
	'request.edit': both(ownSchoolTeacher, inStatus('draft')),
	'request.submit': both(ownSchoolTeacher, inStatus('draft')),
	'request.withdraw': both(ownSchoolTeacher, inStatus('submitted')),
	'request.delete': both(ownSchoolTeacher, inStatus('draft')),
	'request.review': both(coordinator, inStatus('submitted')),
	'request.close': both(coordinator, inStatus('delivered')),
	// Pledges: sponsors browse open needs and pledge for their own organisation.
	'need.browse': either(coordinator, sponsor),
	'pledge.create': both(
		ownOrganisationSponsor,
		inStatus('approved', 'partially_approved', 'fulfilling')
	),
	'pledge.cancel': both(either(coordinator, ownOrganisationSponsor), inStatus('active')),
	'pledge.list': either(coordinator, ownOrganisationSponsor),
	// The storeroom and shipments are the coordinators'.
	'stock.view': coordinator,
	'stock.manage': coordinator,
	'shipment.manage': coordinator,
	'shipment.view': either(coordinator, ownSchoolTeacher, givingSponsor),
	'receipt.confirm': ownSchoolTeacher,
	'discrepancy.resolve': coordinator,
	// Photos and thank-you notes: the school, the sponsors who gave, and the public if marked so.
	'upload.view': either(coordinator, ownSchoolTeacher, givingSponsor, isPublic),
	'thanks.create': ownSchoolTeacher,
	'thanks.view': either(coordinator, ownSchoolTeacher, givingSponsor, isPublic),
	// Anyone may list notes: the list holds only those `thanks.view` lets them see.
	'thanks.list': anyone,
	'notification.list': signedIn,
	'impact.view': anyone
} satisfies Record<string, Rule>;

export type Action = keyof typeof rules;
export const ACTIONS = Object.keys(rules) as Action[];

export function can(actor: Actor | null, action: Action, subject: Subject = {}): boolean {
	return rules[action](actor, subject);
}
