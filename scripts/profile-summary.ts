// `tsx scripts/profile-summary.ts <file.cpuprofile> [--top 30]`: where a `node --cpu-prof` profile's
// time went — by area (a package in node_modules, the portal's own server code, Node itself, the
// garbage collector, idle), then the functions with the most time of their own, then the functions
// with the most time including what they called. `npm run bench -- --cpu-prof` prints it for the
// server it measured.
import fs from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
	id: number;
	callFrame: { functionName: string; url: string; lineNumber: number };
	children?: number[];
}
interface Profile {
	nodes: ProfileNode[];
	samples: number[];
	timeDeltas: number[];
}

/** What part of the server a script belongs to: a package, the portal's build, or Node. */
export function areaOf(url: string, functionName: string): string {
	if (!url) return functionName.startsWith('(') ? functionName : '(native)';
	const modules = url.lastIndexOf('/node_modules/');
	if (modules >= 0) {
		const rest = url.slice(modules + '/node_modules/'.length).split('/');
		return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
	}
	if (url.startsWith('node:')) return 'node';
	const build = url.indexOf('/build/');
	if (build >= 0)
		return `build/${url
			.slice(build + '/build/'.length)
			.split('/')
			.slice(0, 2)
			.join('/')}`;
	return url.replace(/^file:\/\//, '');
}

export function summarise(profile: Profile, top = 30): string {
	const byId = new Map(profile.nodes.map((n) => [n.id, n]));
	const parent = new Map<number, number>();
	for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
	const self = new Map<number, number>();
	profile.samples.forEach((id, i) =>
		self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0))
	);
	const total = [...self.values()].reduce((a, b) => a + b, 0);
	const label = (n: ProfileNode) =>
		`${n.callFrame.functionName || '(anonymous)'} ${areaOf(n.callFrame.url, n.callFrame.functionName)}:${n.callFrame.lineNumber + 1}`;
	const areas = new Map<string, number>();
	const selfByLabel = new Map<string, number>();
	const inclusive = new Map<string, number>();
	for (const [id, us] of self) {
		const node = byId.get(id)!;
		const area = areaOf(node.callFrame.url, node.callFrame.functionName);
		areas.set(area, (areas.get(area) ?? 0) + us);
		selfByLabel.set(label(node), (selfByLabel.get(label(node)) ?? 0) + us);
		// Inclusive: count the sample once for every distinct function on its stack.
		const seen = new Set<string>();
		for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
			const l = label(byId.get(at)!);
			if (seen.has(l)) continue;
			seen.add(l);
			inclusive.set(l, (inclusive.get(l) ?? 0) + us);
		}
	}
	const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)} %`;
	const list = (m: Map<string, number>, n: number) =>
		[...m]
			.sort((a, b) => b[1] - a[1])
			.slice(0, n)
			.map(([k, us]) => `  ${pct(us)}  ${(us / 1000).toFixed(0).padStart(7)} ms  ${k}`)
			.join('\n');
	return [
		`Profile: ${(total / 1e6).toFixed(1)} s sampled.`,
		'',
		'By area (own time):',
		list(areas, 20),
		'',
		'Functions by own time:',
		list(selfByLabel, top),
		'',
		'Functions by time including callees:',
		list(inclusive, top)
	].join('\n');
}

if (process.argv[1]?.endsWith('profile-summary.ts')) {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: { top: { type: 'string', default: '30' } }
	});
	if (!positionals[0]) {
		console.error('usage: tsx scripts/profile-summary.ts <file.cpuprofile> [--top 30]');
		process.exit(2);
	}
	const profile = JSON.parse(fs.readFileSync(positionals[0], 'utf8')) as Profile;
	console.log(summarise(profile, Number(values.top)));
}
