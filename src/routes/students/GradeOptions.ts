import { gradeLabel } from '$lib/components/people/labels';

/** The grades a school of this kind teaches, as select options. */
export function gradeOptions(kind: string) {
	const grades =
		kind === 'kindergarten' ? ['k1', 'k2', 'k3'] : ['g1', 'g2', 'g3', 'g4', 'g5', 'g6'];
	return grades.map((g) => ({ value: g, label: gradeLabel(g) }));
}
