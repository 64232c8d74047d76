import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { LIMITS } from './limits';
import * as students from './server/people/students';
import { InvitationInput, Acceptance } from './server/people/invitations';
import { LIMITS as REQUEST_LIMITS } from './server/donations/requests.schema';
import { CARRIER_MAX, REFERENCE_MAX } from './server/donations/shipments';
import { NOTE_MAX as PLEDGE_NOTE_MAX } from './server/donations/pledges';
import { NOTE_MAX as RECEIPT_NOTE_MAX } from './server/donations/receipts';
import { BODY_MAX } from './server/donations/thanks';

function svelteFiles(dir: string): string[] {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
		const file = path.join(dir, e.name);
		return e.isDirectory() ? svelteFiles(file) : e.name.endsWith('.svelte') ? [file] : [];
	});
}

describe('form limits', () => {
	it('every maxlength in a form is one of the shared limits the server reads', () => {
		const odd: string[] = [];
		let seen = 0;
		for (const file of svelteFiles('src')) {
			for (const match of fs.readFileSync(file, 'utf8').matchAll(/maxlength=\{([^}]*)\}/g)) {
				seen++;
				const key = /^LIMITS\.(\w+)$/.exec(match[1])?.[1];
				const isPassThrough = match[1] === 'maxlength' && file.endsWith('Field.svelte');
				if (!isPassThrough && !(key && key in LIMITS)) odd.push(`${file}: ${match[0]}`);
			}
		}
		expect(seen).toBeGreaterThan(40);
		expect(odd).toEqual([]);
	});

	it('the server refuses one character more than a form allows, and takes the limit', () => {
		const at = (n: number) => 'a'.repeat(n);
		const student = (displayName: string) =>
			students.StudentInput.safeParse({ displayName, grade: 'g1', username: '' }).success;
		expect(student(at(LIMITS.studentName))).toBe(true);
		expect(student(at(LIMITS.studentName + 1))).toBe(false);
		const note = (n: string) =>
			InvitationInput.safeParse({
				role: 'judge',
				schoolId: '',
				organisationId: '',
				note: n,
				days: ''
			}).success;
		expect(note(at(LIMITS.invitationNote))).toBe(true);
		expect(note(at(LIMITS.invitationNote + 1))).toBe(false);
		const accept = (displayName: string) =>
			Acceptance.safeParse({ username: 'abc', displayName, password: 'x', confirmPassword: 'x' })
				.success;
		expect(accept(at(LIMITS.personName))).toBe(true);
		expect(accept(at(LIMITS.personName + 1))).toBe(false);
	});

	it('the constants other modules keep are the shared ones', () => {
		expect(students.NAME_MAX).toBe(LIMITS.studentName);
		expect(students.CLASS_LIST_MAX_CHARS).toBe(LIMITS.classList);
		expect(REQUEST_LIMITS).toEqual({
			purpose: LIMITS.purpose,
			description: LIMITS.lineDescription,
			reason: LIMITS.lineReason,
			note: LIMITS.longNote
		});
		expect([CARRIER_MAX, REFERENCE_MAX]).toEqual([LIMITS.carrier, LIMITS.reference]);
		expect(PLEDGE_NOTE_MAX).toBe(LIMITS.note);
		expect([RECEIPT_NOTE_MAX, BODY_MAX]).toEqual([LIMITS.longNote, LIMITS.longNote]);
	});
});
