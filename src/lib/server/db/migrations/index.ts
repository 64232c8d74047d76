import type { SaplingMigration } from '../migrate';
import * as foundation from './2026-11-28-01-foundation';
import * as donations from './2026-11-28-02-donations';
import * as people from './2026-11-28-03-people';
import * as indexes from './2026-11-28-04-indexes';
import * as once from './2026-12-02-01-once';
import * as throttle from './2026-12-02-02-throttle';
import * as flash from './2026-12-03-01-flash';
import * as openNeeds from './2026-12-03-02-open-needs';
import * as catalogNames from './2026-12-03-03-catalog-names';
import * as stockLedger from './2026-12-03-04-stock-ledger';
import * as shipmentLists from './2026-12-03-05-shipment-lists';
import * as pledgeLists from './2026-12-03-06-pledge-lists';

/** Every migration, by name; names sort in the order they run. */
export const migrations: Record<string, SaplingMigration> = {
	'2026-11-28-01-foundation': foundation,
	'2026-11-28-02-donations': donations,
	'2026-11-28-03-people': people,
	'2026-11-28-04-indexes': indexes,
	'2026-12-02-01-once': once,
	'2026-12-02-02-throttle': throttle,
	'2026-12-03-01-flash': flash,
	'2026-12-03-02-open-needs': openNeeds,
	'2026-12-03-03-catalog-names': catalogNames,
	'2026-12-03-04-stock-ledger': stockLedger,
	'2026-12-03-05-shipment-lists': shipmentLists,
	'2026-12-03-06-pledge-lists': pledgeLists
};
