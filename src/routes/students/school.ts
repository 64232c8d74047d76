import { idParam } from '$lib/server/input';

/** The school a coordinator chose, from `?school=N`; teachers' pages need none. */
export function schoolParam(url: URL): number | null {
	return idParam(url.searchParams.get('school'));
}

/** `?school=N` to keep the chosen school on the next link or redirect; '' when there is none. */
export function schoolQuery(schoolId: number | null): string {
	return schoolId === null ? '' : `?school=${schoolId}`;
}
