import { z } from 'zod';
import type { Actor } from '../access/policy';
import { authorize, authorizeOrHide } from '../access/authorize';
import { getDb } from '../db';
import { AGE_BANDS, CATEGORIES, UNITS, type CatalogItem, type Category } from '../db/schema';
import { NotFound, RuleViolation } from '../errors';
import * as audit from '../audit';
import { m } from '$lib/paraglide/messages.js';
import { PAGE_SIZE, paged, type Paged } from '../input';
import { text } from './requests.schema';
import * as time from '../time';
import { isUnit, itemName, itemNameColumn, unitLabel } from './names';

/** Yuan as typed (`12.50`, full-width digits allowed) → integer fen, or null if it isn't money. */
export function parseYuan(value: string): number | null {
	const v = value.normalize('NFKC').trim().replace(/^¥\s*/, '').replace(/,/g, '');
	const match = /^(\d{1,7})(?:\.(\d{1,2}))?$/.exec(v);
	if (!match) return null;
	const fen = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
	return fen <= 100_000_000 ? fen : null;
}

/** Fen → the yuan a form shows (`1250` → `12.50`). */
export function yuanText(fen: number): string {
	return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

export const CatalogInput = z.object({
	nameZh: text(120, 1),
	nameEn: text(120, 1),
	category: z.enum(CATEGORIES),
	unit: z.enum(UNITS, { message: 'cat_error_unit' }),
	ageBand: z.enum(AGE_BANDS),
	unitValue: z
		.string()
		.max(20)
		.transform((v, ctx) => {
			const fen = parseYuan(v);
			if (fen === null) {
				ctx.addIssue({ code: 'custom', message: 'cat_error_money' });
				return z.NEVER;
			}
			return fen;
		}),
	description: text(1000).optional().default('')
});
export type CatalogInput = z.output<typeof CatalogInput>;

/** The service's own guard, for callers that skipped the form schema. */
function validate(input: CatalogInput): CatalogInput {
	const bad = (field: string) => new RuleViolation(m.error_invalid(), field);
	const nameZh = (input.nameZh ?? '').trim();
	const nameEn = (input.nameEn ?? '').trim();
	if (!nameZh) throw new RuleViolation(m.error_required(), 'nameZh');
	if (!nameEn) throw new RuleViolation(m.error_required(), 'nameEn');
	if (nameZh.length > 120) throw bad('nameZh');
	if (nameEn.length > 120) throw bad('nameEn');
	if (!isUnit(input.unit)) throw new RuleViolation(m.cat_error_unit(), 'unit');
	if (!CATEGORIES.includes(input.category)) throw bad('category');
	if (!AGE_BANDS.includes(input.ageBand)) throw bad('ageBand');
	if (!Number.isInteger(input.unitValue) || input.unitValue < 0 || input.unitValue > 100_000_000)
		throw bad('unitValue');
	if ((input.description ?? '').length > 1000) throw bad('description');
	return { ...input, nameZh, nameEn, description: input.description ?? '' };
}

/** A catalog item as a page shows it: its name and unit in the reader's language. */
export type CatalogEntry = CatalogItem & { name: string; unitLabel: string; unitLabelOne: string };

function entry(item: CatalogItem): CatalogEntry {
	return {
		...item,
		name: itemName(item),
		unitLabel: unitLabel(item.unit),
		unitLabelOne: unitLabel(item.unit, undefined, 1)
	};
}

export interface CatalogFilter {
	category?: Category | null;
	/** Coordinators may include retired items. */
	includeRetired?: boolean;
	page?: number;
}

/** The catalog, a page at a time: active items for everyone, retired ones too for coordinators. */
export async function list(actor: Actor, filter: CatalogFilter = {}): Promise<Paged<CatalogEntry>> {
	authorize(actor, 'catalog.view');
	const includeRetired = !!filter.includeRetired && actor.role === 'coordinator';
	const page = filter.page ?? 1;
	let query = getDb().selectFrom('catalogItem');
	if (!includeRetired) query = query.where('active', '=', 1);
	if (filter.category) query = query.where('category', '=', filter.category);
	const { total } = await query
		.select((eb) => eb.fn.countAll<number>().as('total'))
		.executeTakeFirstOrThrow();
	const items = await query
		.selectAll()
		.orderBy('active', 'desc')
		.orderBy('category')
		.orderBy(itemNameColumn())
		.orderBy('id')
		.limit(PAGE_SIZE)
		.offset((page - 1) * PAGE_SIZE)
		.execute();
	return paged(items.map(entry), Number(total), page);
}

/** Every active item, for a request form's select (grouped by category by the caller). */
export async function listActive(actor: Actor): Promise<CatalogEntry[]> {
	authorize(actor, 'catalog.view');
	const items = await getDb()
		.selectFrom('catalogItem')
		.selectAll()
		.where('active', '=', 1)
		.orderBy('category')
		.orderBy(itemNameColumn())
		.orderBy('id')
		.execute();
	return items.map(entry);
}

export async function get(actor: Actor, id: number): Promise<CatalogItem> {
	authorize(actor, 'catalog.view');
	const item = await getDb()
		.selectFrom('catalogItem')
		.selectAll()
		.where('id', '=', id)
		.executeTakeFirst();
	if (!item) throw new NotFound();
	// Retired items are the coordinators' business only.
	if (!item.active) authorizeOrHide(actor, 'catalog.manage');
	return item;
}

export async function create(actor: Actor, input: CatalogInput): Promise<number> {
	authorize(actor, 'catalog.manage');
	const v = validate(input);
	return getDb()
		.transaction()
		.execute(async (trx) => {
			const row = await trx
				.insertInto('catalogItem')
				.values({
					nameZh: v.nameZh,
					nameEn: v.nameEn,
					category: v.category,
					unit: v.unit,
					ageBand: v.ageBand,
					unitValueFen: v.unitValue,
					description: v.description,
					createdAt: time.now()
				})
				.returning('id')
				.executeTakeFirstOrThrow();
			await audit.record(trx, {
				actorId: actor.id,
				subject: 'catalog_item',
				subjectId: row.id,
				action: 'create',
				to: 'active'
			});
			return row.id;
		});
}

export async function update(actor: Actor, id: number, input: CatalogInput): Promise<void> {
	authorize(actor, 'catalog.manage');
	const v = validate(input);
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const result = await trx
				.updateTable('catalogItem')
				.set({
					nameZh: v.nameZh,
					nameEn: v.nameEn,
					category: v.category,
					unit: v.unit,
					ageBand: v.ageBand,
					unitValueFen: v.unitValue,
					description: v.description
				})
				.where('id', '=', id)
				.executeTakeFirst();
			if (Number(result.numUpdatedRows) === 0) throw new NotFound();
			await audit.record(trx, {
				actorId: actor.id,
				subject: 'catalog_item',
				subjectId: id,
				action: 'update'
			});
		});
}

/** Retires an item (it stays on old requests, but can't be chosen) or brings it back. */
export async function setActive(actor: Actor, id: number, active: boolean): Promise<void> {
	authorize(actor, 'catalog.manage');
	await getDb()
		.transaction()
		.execute(async (trx) => {
			const result = await trx
				.updateTable('catalogItem')
				.set({ active: active ? 1 : 0 })
				.where('id', '=', id)
				.where('active', '=', active ? 0 : 1)
				.executeTakeFirst();
			if (Number(result.numUpdatedRows) === 0) {
				const exists = await trx
					.selectFrom('catalogItem')
					.select('id')
					.where('id', '=', id)
					.executeTakeFirst();
				if (!exists) throw new NotFound();
				return; // already as asked
			}
			await audit.record(trx, {
				actorId: actor.id,
				subject: 'catalog_item',
				subjectId: id,
				action: active ? 'reactivate' : 'retire',
				from: active ? 'retired' : 'active',
				to: active ? 'active' : 'retired'
			});
		});
}
