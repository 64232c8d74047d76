import { sql, type RawBuilder } from 'kysely';
import { m } from '$lib/paraglide/messages.js';
import { getLocale, type Locale } from '$lib/paraglide/runtime.js';
import { UNITS, type Unit } from '../db/schema';

/*
 * One language per page. A catalog item has a name per language and a unit code; whatever reaches
 * a page, a notification, an audit line or an export names it through these, in the locale of the
 * request (services run inside it) unless told otherwise. Lines that describe an item outside the
 * catalog keep the teacher's words, which are in no particular language.
 */

export interface Named {
	nameZh: string;
	nameEn: string;
}

/** The item's name for a reader of `locale`. */
export function itemName(item: Named, locale: Locale = getLocale()): string {
	return locale === 'en' ? item.nameEn : item.nameZh;
}

/** Both names, for what is stored now and read later in the reader's language (notifications). */
export function itemNames(
	item: Named | null,
	fallback: string
): { itemZh: string; itemEn: string } {
	return item
		? { itemZh: item.nameZh, itemEn: item.nameEn }
		: { itemZh: fallback, itemEn: fallback };
}

/** The same choice in SQL, for queries that coalesce it with a line's description or sort by it. */
export function itemNameColumn(
	table = 'catalog_item',
	locale: Locale = getLocale()
): RawBuilder<string> {
	return sql<string>`${sql.ref(`${table}.${locale === 'en' ? 'name_en' : 'name_zh'}`)}`;
}

const LABELS: Record<Unit, { other: typeof m.unit_piece; one: typeof m.unit_piece_one }> = {
	piece: { other: m.unit_piece, one: m.unit_piece_one },
	pack: { other: m.unit_pack, one: m.unit_pack_one },
	box: { other: m.unit_box, one: m.unit_box_one },
	set: { other: m.unit_set, one: m.unit_set_one },
	copy: { other: m.unit_copy, one: m.unit_copy_one },
	bottle: { other: m.unit_bottle, one: m.unit_bottle_one },
	ream: { other: m.unit_ream, one: m.unit_ream_one },
	sheet: { other: m.unit_sheet, one: m.unit_sheet_one },
	pair: { other: m.unit_pair, one: m.unit_pair_one },
	unit: { other: m.unit_unit, one: m.unit_unit_one }
};

export function isUnit(code: unknown): code is Unit {
	return typeof code === 'string' && (UNITS as readonly string[]).includes(code);
}

/**
 * A unit code's word in `locale`: the counted form ("packs", "包") unless `count` is exactly one
 * ("per pack", "1 pack"). A code outside the list (never stored: the table CHECKs it) shows as is.
 */
export function unitLabel(code: string, locale: Locale = getLocale(), count?: number): string {
	if (!isUnit(code)) return code;
	const label = count === 1 ? LABELS[code].one : LABELS[code].other;
	return label({}, { locale });
}

/** The units for a form's select, labelled in `locale`. */
export function unitOptions(locale: Locale = getLocale()): { value: Unit; label: string }[] {
	return UNITS.map((code) => ({ value: code, label: unitLabel(code, locale, 1) }));
}

/**
 * `unitLabel` in SQL (a CASE over the fixed list), for queries whose rows carry a unit to a page:
 * `coalesce(…, '')` for lines without a catalog item stays the caller's.
 */
export function unitLabelColumn(
	column = 'catalog_item.unit',
	locale: Locale = getLocale()
): RawBuilder<string> {
	const whens = UNITS.map((code) => sql`when ${sql.lit(code)} then ${unitLabel(code, locale)}`);
	return sql<string>`(case ${sql.ref(column)} ${sql.join(whens, sql` `)} else ${sql.ref(column)} end)`;
}
