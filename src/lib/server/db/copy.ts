// Moving a program from one engine to the other (`npm run db:copy`): every row of every table, in
// an order the foreign keys accept, into a target migrated to the same schema and still empty —
// with its constraints on, so a row that would break one is refused, not smuggled in. Then both
// sides are read again and compared table by table (row counts and a digest of every value).
// Tables are read a page at a time, so a large program never sits in memory whole.
import { createHash } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { engineOf } from '.';
import { migrateToLatest } from './migrate';

type AnyDb = Kysely<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Every table of the schema, parents before children, with its primary key. A test checks that
 * this list names exactly the tables the migrations make.
 */
export const TABLES: {
	name: string;
	key: string[];
	/** Columns pointing at rows of the same table: set once every row is there. */
	selfRefs?: string[];
	/** A key that is text, not a growing integer id (no identity to carry on). */
	textKey?: boolean;
}[] = [
	{ name: 'county', key: ['id'] },
	{ name: 'school', key: ['id'] },
	{ name: 'school_grade', key: ['school_id', 'grade'] },
	{ name: 'organisation', key: ['id'], selfRefs: ['parent_id'] },
	{ name: 'user', key: ['id'], selfRefs: ['created_by'] },
	{ name: 'session', key: ['id'], textKey: true },
	{ name: 'invitation', key: ['id'] },
	{ name: 'sign_in_throttle', key: ['key'] },
	{ name: 'sign_in_failure', key: ['id'] },
	{ name: 'audit_log', key: ['id'] },
	{ name: 'catalog_item', key: ['id'] },
	{ name: 'supply_request', key: ['id'] },
	{ name: 'request_line', key: ['id'] },
	{ name: 'pledge', key: ['id'] },
	{ name: 'stock_level', key: ['catalog_item_id'] },
	{ name: 'shipment', key: ['id'] },
	{ name: 'shipment_counter', key: ['year'] },
	{ name: 'stock_movement', key: ['id'] },
	{ name: 'shipment_line', key: ['id'], selfRefs: ['replaces_shipment_line_id'] },
	{ name: 'upload', key: ['id'] },
	{ name: 'receipt_photo', key: ['shipment_line_id', 'upload_id'] },
	{ name: 'thank_you_note', key: ['id'] },
	{ name: 'thank_you_photo', key: ['note_id', 'upload_id'] },
	{ name: 'notification', key: ['id'] },
	{ name: 'once_secret', key: ['key_hash'] },
	{ name: 'flash', key: ['token_hash'] }
];

/** The migrations' own bookkeeping: the target's is written by migrating it, and compared. */
export const BOOKKEEPING = ['kysely_migration', 'kysely_migration_lock'];

const PAGE = 1000;
/** Rows per INSERT: well inside SQLite's 32,766 and PostgreSQL's 65,535 parameters. */
const MAX_PARAMETERS = 10_000;

export interface TableCount {
	table: string;
	rows: number;
}

/** The columns of a table, as the source has them (the target has the same: same migrations). */
async function columnsOf(db: AnyDb, table: string): Promise<string[]> {
	const tables = await db.introspection.getTables();
	const found = tables.find((t) => t.name === table);
	if (!found) throw new Error(`table ${table} is missing`);
	return found.columns.map((c) => c.name).sort();
}

/** The table's rows in key order, a page at a time. */
const hasSerialId = (table: string) => {
	const t = TABLES.find((x) => x.name === table);
	return !!t && !t.textKey && t.key.length === 1 && t.key[0] === 'id';
};

async function* pages(db: AnyDb, table: string, key: string[], columns: string[]) {
	const order = sql.join(key.map((k) => sql.ref(k)));
	const select = sql.join(columns.map((c) => sql.ref(c)));
	const keyset = hasSerialId(table);
	let last = 0;
	for (let offset = 0; ; offset += PAGE) {
		const page = keyset
			? await sql<Record<string, unknown>>`select ${select} from ${sql.table(table)}
				where id > ${last} order by ${order} limit ${PAGE}`.execute(db)
			: await sql<Record<string, unknown>>`select ${select} from ${sql.table(table)}
				order by ${order} limit ${PAGE} offset ${offset}`.execute(db);
		if (page.rows.length === 0) return;
		yield page.rows;
		if (keyset) last = Number(page.rows.at(-1)!.id);
		if (page.rows.length < PAGE) return;
	}
}

/** A value as both engines give it back: numbers as numbers, bytes as hex. */
function canonical(value: unknown): unknown {
	if (value instanceof Uint8Array) return `\\x${Buffer.from(value).toString('hex')}`;
	if (typeof value === 'bigint') return Number(value);
	return value;
}

/**
 * Row count and a digest of every value of every row that doesn't depend on their order (text
 * keys sort by each database's collation): the sum of each row's SHA-256, modulo 2^128.
 */
export async function digest(db: AnyDb, table: string, key: string[]) {
	const columns = await columnsOf(db, table);
	let sum = 0n;
	let rows = 0;
	for await (const page of pages(db, table, key, columns)) {
		for (const row of page) {
			const hash = createHash('sha256')
				.update(JSON.stringify(columns.map((c) => canonical(row[c]))))
				.digest();
			sum = (sum + BigInt(`0x${hash.subarray(0, 16).toString('hex')}`)) % 2n ** 128n;
			rows++;
		}
	}
	return { rows, sha256: sum.toString(16) };
}

async function isEmpty(db: AnyDb): Promise<boolean> {
	for (const { name } of TABLES) {
		const row = await sql<{ one: number }>`select 1 as one from ${sql.table(name)} limit 1`.execute(
			db
		);
		if (row.rows.length > 0) return false;
	}
	return true;
}

/**
 * Copies every row from `from` into `to` (migrated here first; refused unless empty), then checks
 * that both hold the same rows. Each table commits on its own; a failure leaves a target to drop.
 */
export async function copyDatabase(
	fromDb: AnyDb,
	toDb: AnyDb,
	log: (line: string) => void = () => {}
): Promise<TableCount[]> {
	const from = fromDb.withoutPlugins();
	const to = toDb.withoutPlugins();
	const names = async (db: AnyDb) =>
		(await sql<{ name: string }>`select name from kysely_migration order by name`.execute(db)).rows
			.map((r) => r.name)
			.join(',');
	await migrateToLatest(toDb);
	if ((await names(from)) !== (await names(to)))
		throw new Error('the source is not at the schema this version of Sapling migrates to');
	if (!(await isEmpty(to))) throw new Error('the target database is not empty');

	const counts: TableCount[] = [];
	for (const { name, key, selfRefs = [] } of TABLES) {
		const columns = await columnsOf(from, name);
		let rows = 0;
		const later: Record<string, unknown>[] = [];
		await to.transaction().execute(async (trx) => {
			for await (const page of pages(from, name, key, columns)) {
				const values = page.map((row) => {
					const copy: Record<string, unknown> = {};
					for (const c of columns) copy[c] = selfRefs.includes(c) ? null : row[c];
					if (selfRefs.some((c) => row[c] !== null)) later.push(row);
					return copy;
				});
				const per = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length));
				for (let i = 0; i < values.length; i += per) {
					await trx
						.insertInto(name)
						.values(values.slice(i, i + per))
						.execute();
				}
				rows += page.length;
			}
			// Rows that point at rows of their own table, once every row is there.
			for (const row of later) {
				const set: Record<string, unknown> = {};
				for (const c of selfRefs) set[c] = row[c];
				let update = trx.updateTable(name).set(set);
				for (const k of key) update = update.where(k, '=', row[k]);
				await update.execute();
			}
			if (engineOf(to) === 'postgres' && hasSerialId(name)) {
				// Identity columns go on after the highest id copied, not from 1.
				await sql`select setval(pg_get_serial_sequence(${`"${name}"`}, 'id'),
					coalesce((select max(id) from ${sql.table(name)}), 1),
					(select max(id) from ${sql.table(name)}) is not null)`.execute(trx);
			}
		});
		counts.push({ table: name, rows });
		log(`${name}: ${rows} row(s)`);
	}
	await verifyCopy(from, to);
	return counts;
}

/** Throws unless every table holds the same rows on both sides. */
export async function verifyCopy(fromDb: AnyDb, toDb: AnyDb): Promise<void> {
	const from = fromDb.withoutPlugins();
	const to = toDb.withoutPlugins();
	for (const { name, key } of TABLES) {
		const [a, b] = [await digest(from, name, key), await digest(to, name, key)];
		if (a.rows !== b.rows || a.sha256 !== b.sha256) {
			throw new Error(`${name} differs after the copy: ${a.rows} row(s) against ${b.rows}`);
		}
	}
	if (engineOf(to) === 'sqlite') {
		const broken = await sql`pragma foreign_key_check`.execute(to);
		if (broken.rows.length > 0) throw new Error('the copy broke a foreign key');
	}
}
