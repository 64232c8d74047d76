import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { overwriteGetLocale, getLocale, locales } from '$lib/paraglide/runtime.js';
import { auditActionLabel, requestActionWords } from '$lib/components/requests/labels';
import { actionLabel, shipmentActionWords } from '../../../routes/shipments/labels';
import { pledgeActionLabel, pledgeActionWords } from '$lib/supply';
import { reachable, subjects, targets, type Lifecycle } from './lifecycles';

const entries = Object.entries(subjects) as [
	string,
	{
		lifecycle: Lifecycle<string>;
		initial: string;
		states: readonly string[];
		unentered: readonly string[];
	}
][];

describe('each lifecycle', () => {
	it.each(entries)('%s: every state is reachable from the initial one', (_name, subject) => {
		const reached = reachable(subject.lifecycle, [subject.initial]);
		const expected = subject.states.filter((s) => !subject.unentered.includes(s));
		expect([...reached].sort()).toEqual([...expected].sort());
	});

	it.each(entries)('%s: names only states of its subject', (_name, subject) => {
		for (const step of Object.values(subject.lifecycle))
			for (const state of [...step.from, ...targets(step)]) {
				expect(subject.states).toContain(state);
				// A state the schema allows but nothing enters yet is in no transition either.
				expect(subject.unentered).not.toContain(state);
			}
	});
});

describe('timeline labels', () => {
	const initial = getLocale;
	afterEach(() => overwriteGetLocale(initial));

	const cases: [string, Lifecycle<string>, Record<string, () => string>, (a: string) => string][] =
		[
			['request', subjects.request.lifecycle, requestActionWords, auditActionLabel],
			['shipment', subjects.shipment.lifecycle, shipmentActionWords, actionLabel],
			['shipmentLine', subjects.shipmentLine.lifecycle, shipmentActionWords, actionLabel],
			['discrepancy', subjects.discrepancy.lifecycle, shipmentActionWords, actionLabel],
			['pledge', subjects.pledge.lifecycle, pledgeActionWords, pledgeActionLabel]
		];

	it.each(cases)('%s: every action has words in every language', (_n, lifecycle, words, label) => {
		const seen = new Map<string, Set<string>>();
		for (const locale of locales) {
			overwriteGetLocale(() => locale);
			for (const action of Object.keys(lifecycle)) {
				expect(Object.keys(words)).toContain(action);
				const text = label(action);
				expect(text, `${locale} ${action}`).not.toBe(action);
				expect(text.trim(), `${locale} ${action}`).not.toBe('');
				seen.set(action, (seen.get(action) ?? new Set()).add(text));
			}
		}
		// Each language has its own words (no message is missing from one and falling back).
		for (const [action, texts] of seen) expect(texts.size, action).toBe(locales.length);
	});

	it('names the audit trail used before still read', () => {
		overwriteGetLocale(() => 'en');
		expect(auditActionLabel('update')).toBe(auditActionLabel('edit'));
		expect(actionLabel('received')).toBe(actionLabel('receive'));
	});
});

// ---- No status list outside the lifecycles ----

const root = join(__dirname, '../../../..');
const allowed = new Set(['src/lib/server/donations/lifecycles.ts', 'src/lib/server/db/schema.ts']);

function sources(dir: string): string[] {
	return readdirSync(dir).flatMap((name) => {
		const path = join(dir, name);
		// Frozen migrations wrote the schema's CHECK lists once; generated messages hold no rules.
		if (statSync(path).isDirectory())
			return name === 'paraglide' || name === 'migrations' ? [] : sources(path);
		return /\.(ts|svelte)$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
	});
}

const stateSets = entries.map(([, s]) => new Set(s.states));
const isState = (value: string) => stateSets.some((set) => set.has(value));
/** A list of two or more quoted words, every one a state of the same subject. */
const isStatusList = (words: string[]) =>
	words.length >= 2 && stateSets.some((set) => words.every((w) => set.has(w)));

/** Status literals that should have come from a lifecycle table, with where they are. */
function statusLiterals(path: string, text: string): string[] {
	const found: string[] = [];
	const at = (index: number, what: string) =>
		found.push(`${path}:${text.slice(0, index).split('\n').length}: ${what}`);
	for (const match of text.matchAll(/[[(]\s*((?:'[a-z_]+'\s*,\s*)+'[a-z_]+')\s*,?\s*[\])]/g)) {
		const words = [...match[1].matchAll(/'([a-z_]+)'/g)].map((w) => w[1]);
		if (isStatusList(words)) at(match.index, match[0]);
	}
	const single = [
		// .where('status', '=', 'draft'), .where('shipment.status', '=', 'dispatched')
		/\.where\(\s*'(?:\w+\.)?(?:status|receipt|discrepancy)'\s*,\s*'[^']*'\s*,\s*'([a-z_]+)'/g,
		// status = 'pending' in SQL text
		/\b(?:status|receipt|discrepancy)\s*=\s*'([a-z_]+)'/g,
		// .set({ status: 'cancelled' }), .values({ status: 'active' })
		/\b(?:status|receipt|discrepancy):\s*'([a-z_]+)'/g,
		// row.status !== 'shipped'
		/\.(?:status|receipt|discrepancy)\s*[!=]==?\s*'([a-z_]+)'/g
	];
	for (const pattern of single)
		for (const match of text.matchAll(pattern)) if (isState(match[1])) at(match.index, match[0]);
	return found;
}

describe('status lists', () => {
	it('finds what it looks for', () => {
		const sample = [
			`const X = ['delivered', 'closed'];`,
			`.where('status', '=', 'draft')`,
			`sql\`status in ('received', 'closed')\``,
			`.set({ status: 'cancelled' })`,
			`if (row.status !== 'shipped') return;`,
			`sl.receipt = 'pending'`,
			`{#if line.discrepancy === 'open'}`
		];
		for (const line of sample) expect(statusLiterals('x', line), line).toHaveLength(1);
		expect(statusLiterals('x', `kind in ('allocated', 'released', 'shipped')`)).toEqual([]);
		expect(statusLiterals('x', `json({ status: 'ok' })`)).toEqual([]);
	});

	it('are written only in the lifecycles and the schema', () => {
		const files = [...sources(join(root, 'src/lib')), ...sources(join(root, 'src/routes'))];
		expect(files.length).toBeGreaterThan(10);
		const found = files
			.map((path) => relative(root, path))
			.filter((path) => !allowed.has(path))
			.flatMap((path) => statusLiterals(path, readFileSync(join(root, path), 'utf8')));
		expect(found).toEqual([]);
	});
});
