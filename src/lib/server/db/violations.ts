// Which of the schema's guards refused a write, in either engine's words: SQLite says it in the
// message ("UNIQUE constraint failed: user.username"), PostgreSQL in a SQLSTATE with the table and
// the key ("23505", table "user", detail "Key (username)=(…) already exists.").

interface DbError {
	code?: unknown;
	message?: unknown;
	table?: unknown;
	detail?: unknown;
}

const asError = (e: unknown): DbError => (e && typeof e === 'object' ? (e as DbError) : {});

/** A unique index refused the write: on `table` (and, if given, with `column` in its key). */
export function isUniqueViolation(e: unknown, table: string, column?: string): boolean {
	const err = asError(e);
	if (err.code === '23505') {
		if (err.table !== table) return false;
		if (column === undefined) return true;
		const key = /^Key \(([^)]*)\)/.exec(String(err.detail ?? ''));
		return !!key && key[1].split(/,\s*/).includes(column);
	}
	const failed = /UNIQUE constraint failed: (.*)$/.exec(String(err.message ?? ''));
	if (!failed) return false;
	const columns = failed[1].split(/,\s*/);
	return column === undefined
		? columns.some((c) => c.startsWith(`${table}.`))
		: columns.includes(`${table}.${column}`);
}

/** A foreign key refused the write: it points at a row that isn't there. */
export function isForeignKeyViolation(e: unknown): boolean {
	const err = asError(e);
	return err.code === '23503' || /FOREIGN KEY constraint failed/.test(String(err.message ?? ''));
}
