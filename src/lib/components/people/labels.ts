import { m } from '$lib/paraglide/messages.js';

/** Words for the people area's codes: roles, kinds of school, grades, states. */
type Words = Record<string, (() => string) | undefined>;

const ROLES: Words = {
	coordinator: m.role_coordinator,
	teacher: m.role_teacher,
	student: m.role_student,
	judge: m.role_judge,
	sponsor: m.role_sponsor
};
export const roleLabel = (role: string): string => ROLES[role]?.() ?? role;

const KIND_WORDS: Words = {
	primary: m.people_kind_primary,
	kindergarten: m.people_kind_kindergarten,
	nine_year: m.people_kind_nine_year,
	teaching_point: m.people_kind_teaching_point
};
export const kindLabel = (kind: string): string => KIND_WORDS[kind]?.() ?? kind;

const GRADE_WORDS: Words = {
	k1: m.people_grade_k1,
	k2: m.people_grade_k2,
	k3: m.people_grade_k3,
	g1: m.people_grade_g1,
	g2: m.people_grade_g2,
	g3: m.people_grade_g3,
	g4: m.people_grade_g4,
	g5: m.people_grade_g5,
	g6: m.people_grade_g6
};
export const gradeLabel = (grade: string | null): string =>
	grade === null ? '' : (GRADE_WORDS[grade]?.() ?? grade);

export const stateBadge = (state: string): { label: string; colour: string } =>
	({
		open: { label: m.people_state_open(), colour: 'green' },
		used: { label: m.people_state_used(), colour: 'blue' },
		expired: { label: m.people_state_expired(), colour: 'amber' },
		revoked: { label: m.people_state_revoked(), colour: 'red' }
	})[state] ?? { label: state, colour: '' };

export const statusBadge = (disabledAt: number | null): { label: string; colour: string } =>
	disabledAt === null
		? { label: m.people_status_active(), colour: 'green' }
		: { label: m.people_status_disabled(), colour: 'red' };

export const KINDS = ['primary', 'kindergarten', 'nine_year', 'teaching_point'] as const;
export const GRADE_CODES = ['k1', 'k2', 'k3', 'g1', 'g2', 'g3', 'g4', 'g5', 'g6'] as const;
export const INVITE_ROLES = ['teacher', 'judge', 'sponsor', 'coordinator'] as const;
