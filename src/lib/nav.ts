import { m } from '$lib/paraglide/messages.js';
import type { Role } from '$lib/server/db/schema';

export interface NavItem {
	href: string;
	label: () => string;
}

/** The navigation each role sees. Pages still ask the policy: this only decides what is shown. */
export function navFor(role: Role | null): NavItem[] {
	const home = { href: '/', label: m.nav_home };
	switch (role) {
		case 'coordinator':
			return [
				home,
				{ href: '/requests', label: m.nav_requests },
				{ href: '/needs', label: m.nav_needs },
				{ href: '/stock', label: m.nav_stock },
				{ href: '/shipments', label: m.nav_shipments },
				{ href: '/thanks', label: m.thanks_nav },
				{ href: '/catalog', label: m.nav_catalog },
				{ href: '/admin/schools', label: m.nav_schools },
				{ href: '/students', label: m.nav_students },
				{ href: '/admin/organisations', label: m.nav_organisations },
				{ href: '/admin/users', label: m.nav_users },
				{ href: '/admin/invitations', label: m.nav_invitations }
			];
		case 'teacher':
			return [
				home,
				{ href: '/requests', label: m.nav_requests },
				{ href: '/shipments', label: m.nav_shipments },
				{ href: '/thanks', label: m.thanks_nav },
				{ href: '/students', label: m.nav_students }
			];
		case 'sponsor':
			return [
				home,
				{ href: '/needs', label: m.nav_needs },
				{ href: '/pledges', label: m.nav_pledges },
				{ href: '/shipments', label: m.nav_shipments },
				{ href: '/thanks', label: m.thanks_nav }
			];
		case 'student':
		case 'judge':
		default:
			return [home];
	}
}
