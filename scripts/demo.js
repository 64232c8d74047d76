// `npm run demo`: build, then serve the portal on a demo database that is created and filled
// with the demo program if it does not exist yet. Demo accounts live only in this database.
import { execSync } from 'node:child_process';
import path from 'node:path';

process.env.DATABASE_PATH ||= path.join('data', 'demo.db');
process.env.SAPLING_DEMO = '1';

if (process.env.SKIP_BUILD !== '1') {
	execSync('npm run build', { stdio: 'inherit' });
}
await import('./start.js');
console.log(
	'Demo accounts (password demo-password): coordinator, teacher, teacher2, student, judge, judge2, sponsor'
);
