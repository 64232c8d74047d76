import type { Browser, Page } from '@playwright/test';
import { test, expect, signIn, pageData, postForm } from './fixtures';

// Every form of the portal, as a table of page × role × form: a field the page marks optional is
// accepted empty by the server, a field it marks required (the `required` attribute) is refused
// empty with the message at that field: the error summary's link to it and the field's own error.
// A field required only in some cases ("required for a cut") is checked in that case too.
// Posts go as a browser without JavaScript sends them: the form's own fields and values.

type Field = {
	name: string;
	id: string;
	type: string;
	value: string;
	checked: boolean;
	required: boolean;
	/** Not for people to fill in (a password manager's username beside a new password). */
	hidden: boolean;
	/** The label's mark: '(optional)', '(required for a cut)', or '' for none. */
	mark: string;
};
type Values = Record<string, string>;

interface Row {
	/** What the row is about, for the report. */
	name: string;
	role: string;
	/** The page that shows the form (after any setup of its own data). */
	path: string | ((page: Page) => Promise<string>);
	/** The form on that page. */
	form: string;
	/** Values that make the form acceptable, beyond what the page fills in itself. */
	valid?: (fields: Field[]) => Values;
	/** Fields required only in some case: the case, and the fields it makes required. */
	when?: (fields: Field[]) => { values: Values; required: string[] }[];
	/** The form can't be accepted twice (or accepting it needs more than its fields). */
	noAccept?: boolean;
}

const OPTIONAL = '(optional)';
const stamp = () => `${Date.now() % 10_000_000}${Math.floor(Math.random() * 100)}`;
const inDays = (days: number) =>
	new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function signedIn(browser: Browser, role: string): Promise<Page> {
	const context = await browser.newContext({ locale: 'en-US', javaScriptEnabled: false });
	const page = await context.newPage();
	if (role !== 'anonymous') await signIn(page, role);
	return page;
}

async function readForm(page: Page, selector: string) {
	const form = page.locator(selector).first();
	await expect(form, selector).toBeAttached();
	return form.evaluate((f: HTMLFormElement) => {
		const fields = [
			...f.querySelectorAll<HTMLInputElement>('input[name], select[name], textarea[name]')
		].map((el) => {
			const label = el.id
				? f.querySelector(`label[for="${CSS.escape(el.id)}"]`)
				: el.closest('label');
			return {
				name: el.name,
				id: el.id,
				type: el.type,
				value: el.value,
				checked: el.checked,
				required: el.required,
				hidden: el.hidden === true || el.readOnly,
				mark: label?.querySelector('.optional')?.textContent?.trim() ?? ''
			};
		});
		return { action: f.getAttribute('action') ?? '', fields };
	});
}

/** What the browser would send: every field's value, checked boxes only, no files. */
function sent(fields: Field[]): Values {
	const values: Values = {};
	for (const f of fields) {
		if (f.type === 'file' || f.type === 'submit') continue;
		if ((f.type === 'checkbox' || f.type === 'radio') && !f.checked) continue;
		values[f.name] = f.value;
	}
	return values;
}

const marked = (f: Field) =>
	!f.hidden &&
	f.type !== 'hidden' &&
	f.type !== 'checkbox' &&
	f.type !== 'radio' &&
	f.type !== 'file' &&
	f.type !== 'submit';

async function walk(browser: Browser, row: Row) {
	const page = await signedIn(browser, row.role);
	const problems: string[] = [];
	const path = typeof row.path === 'string' ? row.path : await row.path(page);
	expect((await page.goto(path))?.status(), `${row.name}: ${path}`).toBe(200);
	const { action, fields } = await readForm(page, row.form);
	const target = new URL(action || path, page.url());
	target.hash = '';
	const to = target.pathname + target.search;
	const base = { ...sent(fields), ...(row.valid?.(fields) ?? {}) };

	const refusedAt = async (values: Values, field: Field, why: string) => {
		const response = await postForm(page.request, to, values);
		const html = await response.text();
		const status = response.status();
		if (status !== 400 && status !== 409)
			return problems.push(`${row.name}: ${field.name} ${why} was not refused (${status})`);
		if (!html.includes(`href="#${field.id}"`))
			problems.push(`${row.name}: ${field.name} ${why}: no link to #${field.id} in the summary`);
		if (!html.includes(`id="${field.id}-error"`))
			problems.push(`${row.name}: ${field.name} ${why}: no error at the field`);
	};

	for (const f of fields.filter(marked)) {
		if (f.required && f.mark)
			problems.push(`${row.name}: ${f.name} is required and marked ${f.mark}`);
		if (!f.required && !f.mark)
			problems.push(`${row.name}: ${f.name} is neither required nor marked`);
	}
	for (const f of fields.filter((f) => marked(f) && f.required))
		await refusedAt({ ...base, [f.name]: '' }, f, 'empty');
	for (const c of row.when?.(fields) ?? []) {
		for (const name of c.required) {
			const f = fields.find((x) => x.name === name);
			if (!f) {
				problems.push(`${row.name}: no field ${name}`);
				continue;
			}
			if (!f.mark || f.mark === OPTIONAL)
				problems.push(
					`${row.name}: ${name} is required when ${JSON.stringify(c.values)} but marked '${f.mark}'`
				);
			await refusedAt(
				{ ...base, ...c.values, [name]: '' },
				f,
				`empty with ${JSON.stringify(c.values)}`
			);
		}
	}
	if (!row.noAccept) {
		const empty = Object.fromEntries(
			fields.filter((f) => marked(f) && !f.required).map((f) => [f.name, ''])
		);
		const response = await postForm(page.request, to, { ...base, ...empty });
		if (response.status() !== 303) {
			const html = await response.text();
			const errors = [...html.matchAll(/id="([^"]+)-error"/g)].map((m) => m[1]);
			problems.push(
				`${row.name}: refused with its optional fields empty (${response.status()}; errors at ${errors.join(', ') || 'none'})`
			);
		}
	}
	await page.context().close();
	return problems;
}

// ------------------------------------------------------------------------------------------------
// Data the rows need, each made by the row itself and found by id

async function newRequest(
	teacher: Page,
	submit: boolean,
	line: { item?: string; quantity: number } = { quantity: 6 }
): Promise<number> {
	await teacher.goto('/requests/new');
	const item = await teacher
		.locator('select[name="item_0"] option[value]:not([value=""])')
		.first()
		.getAttribute('value');
	const made = await postForm(teacher.request, '/requests/new?/save', {
		rows: '1',
		purpose: `E2E form marks ${stamp()}`,
		neededBy: inDays(40),
		item_0: line.item ?? item!,
		quantity_0: String(line.quantity),
		description_0: '',
		reason_0: ''
	});
	expect(made.status()).toBe(303);
	const id = Number(/\/requests\/(\d+)$/.exec(made.headers()['location'] ?? '')?.[1]);
	expect(id).toBeGreaterThan(0);
	if (submit)
		expect((await postForm(teacher.request, `/requests/${id}?/submit`, {})).status()).toBe(303);
	return id;
}

/**
 * A shipment from the storeroom to the demo teacher's school, awaiting receipt, made the way
 * people make one: stock received, a request made, submitted, approved, stock allocated, sent.
 */
async function shipmentAwaitingReceipt(browser: Browser): Promise<string> {
	const coordinator = await signedIn(browser, 'coordinator');
	await coordinator.goto('/stock');
	const item = await coordinator
		.locator('form[action^="?/receive"] select[name="itemId"] option[value]:not([value=""])')
		.first()
		.getAttribute('value');
	const received = await postForm(coordinator.request, '/stock?/receive', {
		itemId: item!,
		quantity: '4',
		organisationId: '',
		note: ''
	});
	expect(received.status()).toBe(303);
	const teacher = await signedIn(browser, 'teacher');
	const requestId = await newRequest(teacher, true, { item: item!, quantity: 4 });
	await teacher.context().close();
	await coordinator.goto(`/requests/${requestId}`);
	const lineField = await coordinator
		.locator('form[action^="?/review"] input[name^="approved_"]')
		.first()
		.getAttribute('name');
	const lineId = lineField!.slice('approved_'.length);
	const reviewed = await postForm(coordinator.request, `/requests/${requestId}?/review`, {
		form: 'review',
		[lineField!]: '4',
		[`note_${lineId}`]: '',
		reviewNote: ''
	});
	expect(reviewed.status()).toBe(303);
	const allocated = await postForm(coordinator.request, '/stock?/allocate', {
		itemId: item!,
		requestLineId: lineId,
		quantity: '4'
	});
	expect(allocated.status()).toBe(303);
	await coordinator.goto('/shipments/new');
	const school = await coordinator
		.locator('select[name="school"] option', { hasText: '希望小学' })
		.first()
		.getAttribute('value');
	const sent = await postForm(coordinator.request, `/shipments/new?school=${school}&/stock`, {
		form: 'stock',
		[`qty_${lineId}`]: '4',
		carrier: 'E2E Post',
		reference: stamp(),
		dispatchedOn: new Date().toISOString().slice(0, 10)
	});
	expect(sent.status()).toBe(303);
	await coordinator.context().close();
	return (sent.headers()['location'] ?? '').replace(/\?.*$/, '');
}

async function submittedRequest(browser: Browser): Promise<string> {
	const teacher = await signedIn(browser, 'teacher');
	const id = await newRequest(teacher, true);
	await teacher.context().close();
	return `/requests/${id}`;
}

async function ownPledge(sponsor: Page): Promise<string> {
	const needs = await pageData(sponsor.request, '/needs');
	const items = (needs.data?.needs as { items: { lineId: number; open: number }[] }).items;
	const line = [...items].sort((a, b) => b.open - a.open)[0];
	const note = `E2E marks ${stamp()}`;
	const made = await postForm(sponsor.request, '/needs?/pledge', {
		lineId: String(line.lineId),
		quantity: '1',
		note
	});
	expect(made.status()).toBe(303);
	const mine = await pageData(sponsor.request, '/pledges');
	const id = (mine.data?.pledges as { items: { id: number; note: string }[] }).items.find(
		(p) => p.note === note
	)?.id;
	expect(id).toBeGreaterThan(0);
	return `/pledges/${id}`;
}

async function ownStudent(teacher: Page): Promise<string> {
	const made = await postForm(teacher.request, '/students/new', {
		displayName: `表单${stamp().slice(-5)}`,
		grade: 'g4',
		username: ''
	});
	expect(made.status()).toBe(303);
	return made.headers()['location']!;
}

const named = (fields: Field[], prefix: string) => fields.filter((f) => f.name.startsWith(prefix));

// ------------------------------------------------------------------------------------------------
// The table

const groups: Record<string, Row[]> = {
	'sign-in and account': [
		{
			name: 'sign in',
			role: 'anonymous',
			path: '/login',
			form: 'form:has([name="password"])',
			noAccept: true
		},
		{
			name: 'change password',
			role: 'teacher',
			path: '/account/password',
			form: 'form:has([name="newPassword"])',
			noAccept: true
		}
	],
	'program admin': [
		{
			name: 'new county',
			role: 'coordinator',
			path: '/admin/counties',
			form: 'form[action^="?/create"]',
			valid: () => ({ name: `E2E县${stamp()}` })
		},
		{
			name: 'new organisation',
			role: 'coordinator',
			path: '/admin/organisations',
			form: 'form[action="#organisation-new"]',
			valid: () => ({ name: `E2E Org ${stamp()}` })
		},
		{
			name: 'new school',
			role: 'coordinator',
			path: '/admin/schools/new',
			form: 'form:has([name="countyId"])',
			valid: () => ({ name: `E2E学校${stamp()}` })
		},
		{
			name: 'new invitation',
			role: 'coordinator',
			path: '/admin/invitations/new',
			form: 'form:has([name="role"])',
			valid: () => ({ role: 'judge' }),
			when: (): { values: Values; required: string[] }[] => [
				{ values: { role: 'teacher' }, required: ['schoolId'] },
				{ values: { role: 'sponsor' }, required: ['organisationId'] }
			]
		},
		{
			name: 'new catalog item',
			role: 'coordinator',
			path: '/catalog/new',
			form: 'form:has([name="unitValue"])',
			valid: () => ({
				nameZh: `E2E 物品 ${stamp()}`,
				nameEn: `E2E item ${stamp()}`,
				unit: 'piece',
				unitValue: '12.50'
			})
		}
	],
	'requests and pledges': [
		{
			name: 'new request',
			role: 'teacher',
			path: '/requests/new',
			form: 'form[action^="?/save"]',
			valid: () => ({
				purpose: `E2E marks ${stamp()}`,
				neededBy: inDays(40),
				item_0: '',
				description_0: 'Chalk, a box',
				quantity_0: '3'
			}),
			noAccept: true
		},
		{
			name: 'review',
			role: 'coordinator',
			path: (page) => submittedRequest(page.context().browser()!),
			form: 'form[action^="?/review"]',
			valid: (fields) => Object.fromEntries(named(fields, 'approved_').map((f) => [f.name, '6'])),
			when: (fields) => [
				{
					values: Object.fromEntries(named(fields, 'approved_').map((f) => [f.name, '2'])),
					required: named(fields, 'note_').map((f) => f.name)
				},
				{
					values: Object.fromEntries(named(fields, 'approved_').map((f) => [f.name, '0'])),
					required: ['reviewNote']
				}
			]
		},
		{
			name: 'pledge',
			role: 'sponsor',
			path: '/needs',
			form: 'form[action*="/pledge"]',
			valid: () => ({ quantity: '1' })
		},
		{
			name: 'cancel a pledge',
			role: 'sponsor',
			path: ownPledge,
			form: 'form[action^="?/cancel"]',
			valid: () => ({ confirm: 'yes' })
		}
	],
	students: [
		{
			name: 'new student',
			role: 'teacher',
			path: '/students/new',
			form: 'form:has([name="displayName"])',
			valid: () => ({ displayName: `新生${stamp().slice(-5)}`, grade: 'g3' })
		},
		{ name: 'edit a student', role: 'teacher', path: ownStudent, form: 'form[action^="?/update"]' },
		{
			name: 'import a class list',
			role: 'teacher',
			path: '/students/import',
			form: 'form:has([name="list"])',
			noAccept: true
		}
	],
	shipments: [
		{
			name: 'confirm a receipt',
			role: 'teacher',
			path: (page) => shipmentAwaitingReceipt(page.context().browser()!),
			form: 'form[action^="?/confirm"]',
			valid: () => ({ outcome: 'received' }),
			when: (): { values: Values; required: string[] }[] => [
				{ values: { outcome: 'short' }, required: ['quantityReceived'] },
				{ values: { outcome: 'damaged', quantityReceived: '2' }, required: ['reasonCode'] },
				{ values: { outcome: 'wrong_item' }, required: ['reasonCode'] }
			]
		}
	],
	storeroom: [
		{
			name: 'receive stock',
			role: 'coordinator',
			path: '/stock',
			form: 'form[action^="?/receive"]',
			valid: () => ({ quantity: '1' })
		},
		{
			name: 'adjust stock',
			role: 'coordinator',
			path: '/stock',
			form: 'form[action^="?/adjust"]',
			valid: () => ({ delta: '1', reason: 'E2E count' })
		}
	]
};

for (const [group, rows] of Object.entries(groups)) {
	test(`form marks agree with the server: ${group}`, async ({ browser }) => {
		const problems: string[] = [];
		for (const row of rows) problems.push(...(await walk(browser, row)));
		expect(problems).toEqual([]);
	});
}
