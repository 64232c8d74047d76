import type { PledgeStatus, RequestStatus, Role, ShipmentStatus } from '../db/schema';
import { pledgeLifecycle, reachable, requestLifecycle } from '../donations/lifecycles';

/**
 * Who may do what: the one place Sapling decides it. Pure — it reads only the actor and the facts
 * of one thing, typed per kind of thing, so it is tested as a table of every role × action × state.
 * The facts are loaded by the access repository (`facts.ts`), never assembled by a caller.
 */
export interface Actor {
	id: number;
	role: Role;
	schoolId: number | null;
	organisationId: number | null;
}

/** The facts that decide who may touch each kind of thing. */
export interface FactsByKind {
	school: { id: number };
	user: { id: number; role: Role; schoolId: number | null };
	request: { id: number; schoolId: number; status: RequestStatus };
	pledge: { id: number; organisationId: number; status: PledgeStatus };
	/** Every sponsor that gave: the one that sent it and those whose pledges it carries. */
	shipment: { id: number; schoolId: number; status: ShipmentStatus; organisationIds: number[] };
	/** A thank-you note: its school, the sponsors who gave to what it thanks for, its author's choice. */
	thanks: { id: number; schoolId: number; organisationIds: number[]; isPublic: boolean };
	/** A photo: the school, every giver of what it shows, public if any note showing it is. */
	upload: { id: number; schoolId: number; organisationIds: number[]; isPublic: boolean };
	notification: { id: number; userId: number };
}
export type Kind = keyof FactsByKind;

type Rule<F> = (actor: Actor | null, facts: F) => boolean;
interface Global {
	kind: null;
	rule: Rule<Record<string, never>>;
}
interface On<K extends Kind> {
	kind: K;
	rule: Rule<FactsByKind[K]>;
	/** The states (from the subject's lifecycle) in which the action can be done at all. */
	states?: readonly string[];
}

const global = (rule: (actor: Actor | null) => boolean): Global => ({ kind: null, rule });
const on = <K extends Kind>(
	kind: K,
	rule: Rule<FactsByKind[K]>,
	states?: readonly string[]
): On<K> => ({ kind, rule, states });

// ---- The pieces rules are made of ----
const anyone = () => true;
const signedIn = (a: Actor | null) => a !== null;
const coordinator = (a: Actor | null) => a?.role === 'coordinator';
const sponsor = (a: Actor | null) => a?.role === 'sponsor' && a.organisationId !== null;
const teacher = (a: Actor | null) => a?.role === 'teacher' && a.schoolId !== null;
const teacherOf = (a: Actor | null, schoolId: number | null) =>
	teacher(a) && a!.schoolId === schoolId;
const sponsorOf = (a: Actor | null, organisationId: number) =>
	sponsor(a) && a!.organisationId === organisationId;
const giver = (a: Actor | null, organisationIds: readonly number[]) =>
	sponsor(a) && organisationIds.includes(a!.organisationId!);
const isIn = <S extends string>(status: S, states: readonly S[]) => states.includes(status);

/**
 * Request states in which sponsors see a request: it has been approved, at least in part (it can
 * be covered), and every state it can go on to.
 */
export const OPEN_TO_SPONSORS: readonly RequestStatus[] = reachable(
	requestLifecycle,
	requestLifecycle.cover.from
);

const requestView: Rule<FactsByKind['request']> = (a, r) =>
	coordinator(a) || teacherOf(a, r.schoolId) || (sponsor(a) && isIn(r.status, OPEN_TO_SPONSORS));
const ownSchoolRequest: Rule<FactsByKind['request']> = (a, r) => teacherOf(a, r.schoolId);
const shipmentView: Rule<{ schoolId: number; organisationIds: number[] }> = (a, s) =>
	coordinator(a) || teacherOf(a, s.schoolId) || giver(a, s.organisationIds);
const thanksAuthorView: Rule<{ schoolId: number; organisationIds: number[] }> = shipmentView;

const rules = {
	// The coordinator's console, and questions the UI asks about a person's role
	'admin.access': global(coordinator),
	'county.manage': global(coordinator),
	'school.manage': global(coordinator),
	'organisation.manage': global(coordinator),
	'invitation.manage': global(coordinator),
	'user.list': global(coordinator),
	'home.view': global(signedIn),
	// Nobody disables themselves: that could lock the last coordinator out.
	'user.disable': on('user', (a, u) => coordinator(a) && u.id !== a!.id),
	'account.changePassword': on('user', (a, u) => a !== null && u.id === a.id),

	// A school: its own teachers, program staff, and sponsors looking for needs.
	'school.view': on('school', (a, s) => coordinator(a) || teacherOf(a, s.id) || sponsor(a)),
	// Students are managed by the teachers of their school (and by program staff).
	'student.list': on('school', (a, s) => coordinator(a) || teacherOf(a, s.id)),
	'student.create': on('school', (a, s) => coordinator(a) || teacherOf(a, s.id)),
	'student.update': on(
		'user',
		(a, u) => u.role === 'student' && (coordinator(a) || teacherOf(a, u.schoolId))
	),

	// Donations: the catalog
	'catalog.view': global((a) => coordinator(a) || teacher(a) || sponsor(a)),
	'catalog.manage': global(coordinator),

	// Supply requests: a teacher's own school's; reviewed by coordinators; seen by sponsors once approved.
	'request.list': global((a) => coordinator(a) || teacher(a)),
	/** May this person start a request (for their own school)? */
	'request.create': global(teacher),
	/** Does this person work the review queue? */
	'request.reviewQueue': global(coordinator),
	'request.view': on('request', requestView),
	/** Sees a request's people, review notes and who did what: staff and the school's teachers. */
	'request.viewInternal': on('request', (a, r) => coordinator(a) || teacherOf(a, r.schoolId)),
	'request.edit': on('request', ownSchoolRequest, requestLifecycle.edit.from),
	'request.submit': on('request', ownSchoolRequest, requestLifecycle.submit.from),
	'request.withdraw': on('request', ownSchoolRequest, requestLifecycle.withdraw.from),
	'request.delete': on('request', ownSchoolRequest, requestLifecycle.delete.from),
	'request.review': on('request', coordinator, requestLifecycle.review.from),
	'request.close': on('request', coordinator, requestLifecycle.close.from),

	// Needs and pledges: sponsors browse open needs and pledge for their own organisation.
	'need.browse': global((a) => coordinator(a) || sponsor(a)),
	'pledge.create': on('request', sponsor, requestLifecycle.cover.from),
	/** May this person pledge at all (for their organisation)? */
	'pledge.make': global(sponsor),
	'pledge.list': global((a) => coordinator(a) || sponsor(a)),
	/** May this person see every organisation's pledges (and filter by one)? */
	'pledge.listAll': global(coordinator),
	/** Sees who in the program did each step of a pledge, and why (a sponsor sees what and when). */
	'pledge.viewInternal': global(coordinator),
	'pledge.view': on('pledge', (a, p) => coordinator(a) || sponsorOf(a, p.organisationId)),
	'pledge.cancel': on(
		'pledge',
		(a, p) => coordinator(a) || sponsorOf(a, p.organisationId),
		pledgeLifecycle.cancel.from
	),

	// The storeroom and shipments are the coordinators'.
	'stock.view': global(coordinator),
	'stock.manage': global(coordinator),
	'shipment.manage': global(coordinator),
	'shipment.list': global((a) => coordinator(a) || teacher(a) || sponsor(a)),
	'shipment.view': on('shipment', shipmentView),
	/** Sees who sent, received and changed a shipment, and why: staff and the school's teachers. */
	'shipment.viewInternal': on('shipment', (a, s) => coordinator(a) || teacherOf(a, s.schoolId)),
	// Whether a line still waits for its receipt, or its discrepancy is open, the service settles
	// with a conditional update (and says which, as a conflict).
	'receipt.confirm': on('shipment', (a, s) => teacherOf(a, s.schoolId)),
	'discrepancy.resolve': on('shipment', (a) => coordinator(a)),

	// Photos and thank-you notes: the school, the sponsors who gave, and the public if marked so.
	'upload.view': on('upload', (a, u) => shipmentView(a, u) || u.isPublic),
	/** Photos of a receipt or for a thank-you note are taken by the school's teachers. */
	'upload.create': on('school', (a, s) => teacherOf(a, s.id)),
	/** May this person write thank-you notes at all (a teacher of a school)? */
	'thanks.write': global(teacher),
	'thanks.create': on('school', (a, s) => teacherOf(a, s.id)),
	'thanks.view': on('thanks', (a, n) => thanksAuthorView(a, n) || n.isPublic),
	/** Sees who wrote it: as its school or its givers, not only because it is public. */
	'thanks.viewAuthor': on('thanks', thanksAuthorView),
	// Anyone may list notes: the list holds only those `thanks.view` lets them see.
	'thanks.list': global(anyone),

	'notification.list': global(signedIn),
	'notification.view': on('notification', (a, n) => a !== null && n.userId === a.id),
	'impact.view': global(anyone)
} satisfies Record<
	string,
	{ kind: Kind | null; rule: (actor: Actor | null, facts: never) => boolean }
>;

type Rules = typeof rules;
export type Action = keyof Rules;
export const ACTIONS = Object.keys(rules) as Action[];

/** Actions about no one thing ("may this person review at all?"). */
export type GlobalAction = { [A in Action]: Rules[A] extends Global ? A : never }[Action];
/** Actions about one thing of a kind, decided by that thing's facts. */
export type KindAction = Exclude<Action, GlobalAction>;
export type KindOf<A extends KindAction> = Rules[A] extends On<infer K> ? K : never;
export type FactsOf<A extends KindAction> = FactsByKind[KindOf<A>];

/** The kind of thing an action is about (null for a global action). */
export function kindOf<A extends Action>(action: A): A extends KindAction ? KindOf<A> : null {
	return rules[action].kind as A extends KindAction ? KindOf<A> : null;
}

/**
 * Why an action is or isn't allowed: 'forbidden' when this person may never do it to this thing,
 * 'state' when they may, but not in the state it is in now.
 */
export function decide(
	actor: Actor | null,
	action: Action,
	facts?: unknown
): 'allowed' | 'forbidden' | 'state' {
	const entry = rules[action] as { kind: Kind | null; rule: Rule<unknown>; states?: string[] };
	if (entry.kind !== null && facts === undefined) return 'forbidden';
	if (!entry.rule(actor, facts ?? {})) return 'forbidden';
	if (entry.states && !entry.states.includes((facts as { status: string }).status)) return 'state';
	return 'allowed';
}

/** May `actor` do `action` (to the thing these facts describe)? */
export function can<A extends GlobalAction>(actor: Actor | null, action: A): boolean;
export function can<A extends KindAction>(
	actor: Actor | null,
	action: A,
	facts: FactsOf<A>
): boolean;
export function can(actor: Actor | null, action: Action, facts?: unknown): boolean {
	return decide(actor, action, facts) === 'allowed';
}
