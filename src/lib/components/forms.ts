/** The id a form field gets unless it is given one; error summaries link to it. */
export function fieldId(name: string): string {
	return `field-${name}`;
}

/** Moves focus to an element when it appears (a refusal's summary), so it is read and seen first. */
export function focusOnMount(node: HTMLElement): void {
	node.focus();
}

/** A refused form as its action returns it: what was typed, and a message per field. */
export type Refusal = {
	message?: string;
	errors?: Record<string, string>;
	values?: Record<string, string>;
} | null;
