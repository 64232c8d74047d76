import { m } from '$lib/paraglide/messages.js';
import type { Role } from '$lib/server/db/schema';

export interface NavItem {
	href: string;
	label: () => string;
}

/** The navigation each role sees; pages still ask the policy, this only decides what is shown. */
export function navFor(role: Role | null): NavItem[] {
	const home = { href: '/', label: m.nav_home };
	switch (role) {
		case 'coordinator':
			return [
				home,
				{ href: '/admin/schools', label: m.nav_schools },
				{ href: '/admin/organisations', label: m.nav_organisations },
				{ href: '/admin/users', label: m.nav_users },
				{ href: '/admin/invitations', label: m.nav_invitations }
			];
		case 'teacher':
			return [home, { href: '/students', label: m.nav_students }];
		case 'student':
		case 'judge':
		case 'sponsor':
			return [home];
		default:
			return [home];
	}
}
