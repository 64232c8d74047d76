/** Expected refusals, typed so one helper can turn them into HTTP answers. */
export class DomainError extends Error {
	constructor(
		message: string,
		readonly status: number
	) {
		super(message);
		this.name = new.target.name;
	}
}

/** The thing does not exist, or the actor may not know that it does. */
export class NotFound extends DomainError {
	constructor(message = 'not found') {
		super(message, 404);
	}
}

export class Forbidden extends DomainError {
	constructor(message = 'forbidden') {
		super(message, 403);
	}
}

/** A business rule refuses the change; `field` names the form field it concerns, if any. */
export class RuleViolation extends DomainError {
	constructor(
		message: string,
		readonly field?: string
	) {
		super(message, 400);
	}
}

/** Someone else changed the thing first (a lost race, a duplicate). */
export class Conflict extends DomainError {
	constructor(
		message: string,
		readonly field?: string
	) {
		super(message, 409);
	}
}
