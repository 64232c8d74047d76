/** `?school=N` to keep a coordinator's chosen school on the next link or redirect; '' for none. */
export function schoolQuery(schoolId: number | null): string {
	return schoolId === null ? '' : `?school=${schoolId}`;
}
