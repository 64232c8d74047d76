import { sql, type Kysely } from 'kysely';

// Frozen in time: no app imports. Kysely's SQLite dialect does not wrap a migration in a
// transaction, so each one opens its own.
export async function up(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		const strict = sql`strict`;

		await trx.schema
			.createTable('county')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('name', 'text', (c) =>
				c
					.notNull()
					.unique()
					.check(sql`length(name) between 1 and 100`)
			)
			.addColumn('province', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('school')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('county_id', 'integer', (c) => c.notNull().references('county.id'))
			.addColumn('name', 'text', (c) => c.notNull().check(sql`length(name) between 1 and 100`))
			.addColumn('kind', 'text', (c) =>
				c.notNull().check(sql`kind in ('primary', 'kindergarten', 'nine_year', 'teaching_point')`)
			)
			.addColumn('village', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('address', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('contact_name', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('contact_phone', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.addUniqueConstraint('school_county_name_unique', ['county_id', 'name'])
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('school_grade')
			.addColumn('school_id', 'integer', (c) =>
				c.notNull().references('school.id').onDelete('cascade')
			)
			.addColumn('grade', 'text', (c) =>
				c.notNull().check(sql`grade in ('k1','k2','k3','g1','g2','g3','g4','g5','g6')`)
			)
			.addColumn('enrolment', 'integer', (c) =>
				c.notNull().check(sql`enrolment between 0 and 10000`)
			)
			.addPrimaryKeyConstraint('school_grade_pk', ['school_id', 'grade'])
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('organisation')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('name', 'text', (c) =>
				c
					.notNull()
					.unique()
					.check(sql`length(name) between 1 and 100`)
			)
			.addColumn('parent_id', 'integer', (c) => c.references('organisation.id'))
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('user')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('username', 'text', (c) =>
				c
					.notNull()
					.unique()
					.check(sql`length(username) between 3 and 32`)
			)
			.addColumn('display_name', 'text', (c) =>
				c.notNull().check(sql`length(display_name) between 1 and 60`)
			)
			.addColumn('role', 'text', (c) =>
				c.notNull().check(sql`role in ('coordinator', 'teacher', 'student', 'judge', 'sponsor')`)
			)
			.addColumn('school_id', 'integer', (c) => c.references('school.id'))
			.addColumn('organisation_id', 'integer', (c) => c.references('organisation.id'))
			.addColumn('grade', 'text', (c) =>
				c.check(sql`grade in ('k1','k2','k3','g1','g2','g3','g4','g5','g6')`)
			)
			.addColumn('email', 'text')
			.addColumn('password_hash', 'text', (c) => c.notNull())
			.addColumn('disabled_at', 'integer')
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.addColumn('created_by', 'integer', (c) => c.references('user.id'))
			.addCheckConstraint(
				'user_role_affiliation',
				sql`(role in ('teacher', 'student') and school_id is not null and organisation_id is null)
				 or (role = 'sponsor' and organisation_id is not null and school_id is null)
				 or (role in ('coordinator', 'judge') and school_id is null and organisation_id is null)`
			)
			.addCheckConstraint('user_grade_only_students', sql`grade is null or role = 'student'`)
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('user_school_idx')
			.on('user')
			.columns(['school_id', 'role'])
			.execute();

		await trx.schema
			.createTable('session')
			.addColumn('id', 'text', (c) => c.primaryKey())
			.addColumn('user_id', 'integer', (c) => c.notNull().references('user.id').onDelete('cascade'))
			.addColumn('secret_hash', 'blob', (c) => c.notNull())
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.addColumn('last_verified_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();
		await trx.schema.createIndex('session_user_idx').on('session').column('user_id').execute();

		await trx.schema
			.createTable('invitation')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('token_hash', 'text', (c) => c.notNull().unique())
			.addColumn('role', 'text', (c) =>
				c.notNull().check(sql`role in ('teacher', 'judge', 'sponsor', 'coordinator')`)
			)
			.addColumn('school_id', 'integer', (c) => c.references('school.id'))
			.addColumn('organisation_id', 'integer', (c) => c.references('organisation.id'))
			.addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
			.addColumn('created_by', 'integer', (c) => c.notNull().references('user.id'))
			.addColumn('created_at', 'integer', (c) => c.notNull())
			.addColumn('expires_at', 'integer', (c) => c.notNull())
			.addColumn('used_at', 'integer')
			.addColumn('used_by', 'integer', (c) => c.references('user.id'))
			.addColumn('revoked_at', 'integer')
			.addCheckConstraint(
				'invitation_affiliation',
				sql`(role = 'teacher' and school_id is not null and organisation_id is null)
				 or (role = 'sponsor' and organisation_id is not null and school_id is null)
				 or (role in ('judge', 'coordinator') and school_id is null and organisation_id is null)`
			)
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('sign_in_throttle')
			.addColumn('key', 'text', (c) => c.primaryKey())
			.addColumn('failures', 'integer', (c) => c.notNull().check(sql`failures >= 0`))
			.addColumn('locked_until', 'integer', (c) => c.notNull())
			.addColumn('updated_at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('sign_in_failure')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('username', 'text', (c) => c.notNull())
			.addColumn('client_address', 'text', (c) => c.notNull())
			.addColumn('reason', 'text', (c) => c.notNull())
			.addColumn('at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();

		await trx.schema
			.createTable('audit_log')
			.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement())
			.addColumn('actor_id', 'integer', (c) => c.references('user.id'))
			.addColumn('subject', 'text', (c) => c.notNull())
			.addColumn('subject_id', 'integer', (c) => c.notNull())
			.addColumn('action', 'text', (c) => c.notNull())
			.addColumn('from_state', 'text')
			.addColumn('to_state', 'text')
			.addColumn('reason', 'text')
			.addColumn('at', 'integer', (c) => c.notNull())
			.modifyEnd(strict)
			.execute();
		await trx.schema
			.createIndex('audit_log_subject_idx')
			.on('audit_log')
			.columns(['subject', 'subject_id', 'at'])
			.execute();
	});
}

export async function down(db: Kysely<any>): Promise<void> {
	await db.transaction().execute(async (trx) => {
		for (const table of [
			'audit_log',
			'sign_in_failure',
			'sign_in_throttle',
			'invitation',
			'session',
			'user',
			'organisation',
			'school_grade',
			'school',
			'county'
		]) {
			await trx.schema.dropTable(table).execute();
		}
	});
}
