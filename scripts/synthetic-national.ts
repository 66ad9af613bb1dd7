// npx tsx scripts/synthetic-national.ts [--count 120000] [--schema synthetic_national] [--seed 27]
//
// A SYNTHETIC national-size directory for benchmarks (npm run bench:search): made-up
// structures spread over a made-up grid of 96 départements covering metropolitan France, in a
// schema of its own (never the app's). Names are assembled from templates, real BFC commune
// names and famous people; identifiers are invented (valid check letters, no real
// establishment). Everything is marked: schema `synthetic_*`, dataset `synthetique-national`,
// source `synthetic`, slugs `synthetique-…`. Reproducible from the seed.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { CATEGORIES, type CategoryCode } from '../src/lib/domain/categories';
import { checkLetter } from '../src/lib/domain/identifiers';
import { config } from '../src/lib/server/config';
import { connect, type Sql } from '../src/lib/server/db/connection';
import { startEmbedded } from '../src/lib/server/db/embedded';
import { migrate } from '../src/lib/server/db/migrate';
import { importReferenceData } from '../src/lib/server/import';

const { values } = parseArgs({
	options: {
		count: { type: 'string', default: '120000' },
		schema: { type: 'string', default: 'synthetic_national' },
		seed: { type: 'string', default: '27' }
	}
});
const COUNT = Number(values.count);
const SCHEMA = values.schema!;
if (!/^synthetic_[a-z0-9_]+$/.test(SCHEMA)) {
	console.error('Le schéma doit s’appeler synthetic_… (il est supprimé puis recréé).');
	process.exit(2);
}
if (!Number.isSafeInteger(COUNT) || COUNT < 1000) {
	console.error('--count : au moins 1000 structures.');
	process.exit(2);
}

/** mulberry32: a small seeded generator, so that every run builds the same set. */
function generator(seed: number) {
	let state = seed >>> 0;
	return () => {
		state = (state + 0x6d2b79f5) >>> 0;
		let t = state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}
const random = generator(Number(values.seed));
const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;

const PEOPLE = [
	'Victor Hugo',
	'Louis Pasteur',
	'Jules Ferry',
	'Jean Jaurès',
	'Marie Curie',
	'Jean Moulin',
	'Albert Camus',
	'Jacques Prévert',
	'Simone Veil',
	'Jules Verne',
	'Paul Éluard',
	'Colette',
	'Gustave Eiffel',
	'Charles de Gaulle',
	'Antoine de Saint-Exupéry',
	'George Sand',
	'Louise Michel',
	'Jean de La Fontaine',
	'Victor Schoelcher',
	'Pierre et Marie Curie',
	'Lucie Aubrac',
	'Olympe de Gouges',
	'Condorcet',
	'Voltaire',
	'Montesquieu',
	'Émile Zola',
	'Camille Claudel',
	'Nelson Mandela',
	'Joliot-Curie',
	'Françoise Dolto',
	'Anne Frank',
	'Paul Langevin',
	'Henri Wallon',
	'Jean Rostand',
	'Louis Aragon',
	'Arthur Rimbaud',
	'Marcel Pagnol',
	'Jean Zay',
	'Germaine Tillion',
	'Gaston Bachelard'
];
const TOPICS = [
	'mathématiques',
	'informatique',
	'chimie moléculaire',
	'sciences de l’éducation',
	'psychologie',
	'physique',
	'géographie',
	'histoire',
	'biologie',
	'économie',
	'droit public',
	'linguistique',
	'électronique',
	'mécanique',
	'sciences du numérique'
];
const WORDS = [
	'Atelier',
	'Fabrique',
	'Ruche',
	'Forge',
	'Pixel',
	'Nova',
	'Agora',
	'Kiosque',
	'Boussole',
	'Passerelle',
	'Tremplin',
	'Escale',
	'Étincelle',
	'Carrefour',
	'Horizon'
];
const ACTIVITIES = [
	'ateliers d’initiation au numérique',
	'accompagnement aux démarches en ligne',
	'impression 3D et découpe laser',
	'formation des enseignants',
	'programmation et robotique',
	'accès libre à des ordinateurs',
	'éducation aux médias et à l’information',
	'visioconférence',
	'coworking et tiers-lieu',
	'recherche en éducation'
];

type Template = (commune: string) => { name: string; sigle?: string };
const TEMPLATES: Record<CategoryCode, { weight: number; make: Template }> = {
	ecole: {
		weight: 40,
		make: () => ({
			name: `École ${pick(['maternelle', 'élémentaire', 'primaire'])} ${pick(['publique ', 'publique ', 'privée ', ''])}${pick([...PEOPLE, ''])}`.trim()
		})
	},
	college: { weight: 8, make: () => ({ name: `Collège ${pick(PEOPLE)}` }) },
	lycee: {
		weight: 4,
		make: () => ({
			name: `Lycée ${pick(['général et technologique', 'polyvalent', 'professionnel', 'général'])} ${pick(PEOPLE)}`
		})
	},
	'mediation-numerique': {
		weight: 20,
		make: (commune) => ({
			name: pick([
				`EPN de ${commune}`,
				`France Services ${commune}`,
				`MSAP ${commune}`,
				`Médiathèque de ${commune}`,
				`Cyber-base ${commune}`,
				`Mission locale de ${commune}`,
				`Point numérique de ${commune}`,
				`Centre social ${pick(PEOPLE)}`
			])
		})
	},
	'fablab-tiers-lieu': {
		weight: 7,
		make: (commune) => ({
			name: pick([
				`FabLab ${commune}`,
				`Tiers-lieu ${pick(WORDS)}`,
				`${pick(WORDS)} Lab`,
				`Coworking ${commune}`
			])
		})
	},
	recherche: {
		weight: 4,
		make: (commune) => {
			const topic = pick(TOPICS);
			return {
				name: `Laboratoire de ${topic} de ${commune}`,
				sigle: `L${topic.slice(0, 2).toUpperCase()}${commune.slice(0, 1).toUpperCase()}`
			};
		}
	},
	'enseignement-superieur': {
		weight: 1,
		make: (commune) => ({
			name: pick([
				`Université de ${commune}`,
				`IUT de ${commune}`,
				`École d’ingénieurs de ${commune}`
			])
		})
	},
	entreprise: {
		weight: 6,
		make: () => ({ name: `${pick(WORDS)} ${pick(['Numérique', 'Solutions', 'Éducation'])} SAS` })
	},
	association: {
		weight: 5,
		make: (commune) => ({ name: `Association ${pick(WORDS)} de ${commune}` })
	},
	collectivite: { weight: 2, make: (commune) => ({ name: `Mairie de ${commune}` }) },
	incubateur: { weight: 1, make: (commune) => ({ name: `Incubateur ${pick(WORDS)} ${commune}` }) },
	inspe: { weight: 0.3, make: (commune) => ({ name: `INSPE, site de ${commune}` }) },
	canope: { weight: 0.3, make: (commune) => ({ name: `Atelier Canopé de ${commune}` }) },
	'point-visio': { weight: 0.4, make: (commune) => ({ name: `Point visio de ${commune}` }) }
};

const categoryBag: CategoryCode[] = CATEGORIES.flatMap((c) =>
	Array<CategoryCode>(Math.round(TEMPLATES[c.code].weight * 10)).fill(c.code)
);

// A grid of 96 made-up départements over metropolitan France, 12 columns × 8 rows.
const WEST = -4.5;
const SOUTH = 42.5;
const CELL_LON = 12.5 / 12;
const CELL_LAT = 8.5 / 8;
const DEP_CODES = [
	...Array.from({ length: 19 }, (_, i) => String(i + 1).padStart(2, '0')),
	'2A',
	'2B',
	...Array.from({ length: 75 }, (_, i) => String(i + 21))
];

interface Commune {
	code: string;
	name: string;
	dep: string;
	lon: number;
	lat: number;
}

function communes(): Commune[] {
	const names = (
		JSON.parse(readFileSync('db/data/admin/communes-bourgogne-franche-comte.json', 'utf8')) as {
			nom: string;
		}[]
	).map((c) => c.nom);
	const out: Commune[] = [];
	DEP_CODES.forEach((dep, i) => {
		const west = WEST + (i % 12) * CELL_LON;
		const south = SOUTH + Math.floor(i / 12) * CELL_LAT;
		for (let n = 1; n <= 60; n++)
			out.push({
				code: `${dep}${String(n).padStart(3, '0')}`,
				name: pick(names),
				dep,
				lon: west + 0.05 + random() * (CELL_LON - 0.1),
				lat: south + 0.05 + random() * (CELL_LAT - 0.1)
			});
	});
	return out;
}

const square = (lon: number, lat: number, half: number) =>
	`MULTIPOLYGON(((${lon - half} ${lat - half},${lon + half} ${lat - half},${lon + half} ${lat + half},${lon - half} ${lat + half},${lon - half} ${lat - half})))`;

async function territories(sql: Sql, all: Commune[]) {
	await sql`insert into territories (code, kind, insee_code, name, geom, label_point)
		values ('reg:00', 'region', '00', 'France synthétique',
			ST_GeomFromText(${square(1.75, 46.75, 6.5)}, 4326), ST_SetSRID(ST_MakePoint(1.75, 46.75), 4326))`;
	const deps = DEP_CODES.map((dep, i) => {
		const lon = WEST + (i % 12) * CELL_LON + CELL_LON / 2;
		const lat = SOUTH + Math.floor(i / 12) * CELL_LAT + CELL_LAT / 2;
		return {
			code: `dep:${dep}`,
			insee: dep,
			name: `Département synthétique ${dep}`,
			lon,
			lat,
			half: CELL_LON / 2
		};
	});
	await sql`
		insert into territories (code, kind, insee_code, name, departement_code, geom, label_point)
		select code, 'departement', insee, name, insee,
			ST_Multi(ST_MakeEnvelope(lon - half, lat - half, lon + half, lat + half, 4326)),
			ST_SetSRID(ST_MakePoint(lon, lat), 4326)
		from json_to_recordset(${JSON.stringify(deps)}::text::json)
			as x(code text, insee text, name text, lon float8, lat float8, half float8)`;
	for (let i = 0; i < all.length; i += 2000) {
		const batch = all.slice(i, i + 2000);
		await sql`
			insert into territories (code, kind, insee_code, name, departement_code, geom, label_point)
			select 'com:' || code, 'commune', code, name, dep,
				ST_Multi(ST_MakeEnvelope(lon - 0.01, lat - 0.01, lon + 0.01, lat + 0.01, 4326)),
				ST_SetSRID(ST_MakePoint(lon, lat), 4326)
			from json_to_recordset(${JSON.stringify(batch)}::text::json)
				as x(code text, name text, dep text, lon float8, lat float8)`;
	}
}

function uai(dep: string, counter: number): string {
	const prefix = dep === '2A' ? '620' : dep === '2B' ? '720' : `0${dep}`;
	const digits = `${prefix}${String(counter % 10000).padStart(4, '0')}`;
	return `${digits}${checkLetter(digits)}`;
}

async function structures(sql: Sql, all: Commune[]) {
	// Big towns get many structures, villages a few: commune weights follow a power law.
	const weights = all.map((_, rank) => 1 / Math.pow(rank + 1, 0.9));
	const order = [...all].sort(() => random() - 0.5);
	const cumulative: number[] = [];
	weights.reduce((sum, w, i) => (cumulative[i] = sum + w), 0);
	const total = cumulative[cumulative.length - 1]!;
	const communeAt = () => {
		const target = random() * total;
		let low = 0;
		let high = cumulative.length - 1;
		while (low < high) {
			const mid = (low + high) >> 1;
			if (cumulative[mid]! < target) low = mid + 1;
			else high = mid;
		}
		return order[low]!;
	};
	const schoolCounters = new Map<string, number>();
	const started = Date.now();
	for (let done = 0; done < COUNT; done += 2000) {
		const rows = [];
		const identifiers = [];
		for (let i = done; i < Math.min(COUNT, done + 2000); i++) {
			const commune = communeAt();
			const category = pick(categoryBag);
			const { name, sigle } = TEMPLATES[category].make(commune.name);
			const school = category === 'ecole' || category === 'college' || category === 'lycee';
			const counter = (schoolCounters.get(commune.dep) ?? 0) + 1;
			if (school) schoolCounters.set(commune.dep, counter);
			const id = crypto.randomUUID();
			rows.push({
				id,
				slug: `synthetique-${i + 1}`,
				name,
				category,
				categories:
					category === 'mediation-numerique' && random() < 0.15
						? [category, 'fablab-tiers-lieu']
						: [category],
				description: `Structure fictive (jeu synthétique) : ${pick(ACTIVITIES)}, ${pick(ACTIVITIES)}.`,
				commune_code: commune.code,
				lon: commune.lon + (random() - 0.5) * 0.018,
				lat: commune.lat + (random() - 0.5) * 0.018,
				attributes: sigle ? { sigle } : {}
			});
			identifiers.push({
				structure_id: id,
				scheme: school ? 'uai' : 'synthetique',
				value: school ? uai(commune.dep, counter) : `syn-${i + 1}`
			});
		}
		await sql.begin(async (tx) => {
			await tx`
				insert into structures (id, slug, name, category, categories, description, commune_code,
					geom, status, source, dataset_id, attributes)
				select id, slug, name, category, categories, description, commune_code,
					ST_SetSRID(ST_MakePoint(lon, lat), 4326), 'published', 'synthetic',
					'synthetique-national', attributes
				from json_to_recordset(${JSON.stringify(rows)}::text::json)
					as x(id uuid, slug text, name text, category text, categories text[],
						description text, commune_code text, lon float8, lat float8, attributes jsonb)`;
			await tx`
				insert into structure_identifiers (structure_id, scheme, value)
				select structure_id, scheme, value
				from json_to_recordset(${JSON.stringify(identifiers)}::text::json)
					as x(structure_id uuid, scheme text, value text)
				on conflict (scheme, value) do nothing`;
			await tx`
				insert into structure_programmes (structure_id, programme_number, role)
				select x.id, 1 + floor(random() * 21)::int, 'contributeur'
				from json_to_recordset(${JSON.stringify(rows.map((r) => ({ id: r.id })))}::text::json)
					as x(id uuid)
				where random() < 0.3`;
		});
		const inserted = Math.min(COUNT, done + 2000);
		// The local server runs without autovacuum: without fresh statistics, the triggers'
		// lookups by id turn into scans of tables that grow, and each batch gets slower.
		if (inserted === 10000 || inserted % 100000 === 0) await sql`analyze`;
		if (inserted % 20000 === 0 || inserted === COUNT)
			console.log(
				`  ${inserted.toLocaleString('fr-FR')} structures (${Math.round((Date.now() - started) / 1000)} s)`
			);
	}
}

const admin = config.databaseUrl
	? postgres(config.databaseUrl, { max: 1, onnotice: () => {} })
	: postgres((await startEmbedded(config.dataDir)).url, {
			max: 1,
			prepare: false,
			onnotice: () => {}
		});
await admin.unsafe(`drop schema if exists ${SCHEMA} cascade`);
await admin.unsafe(`create schema ${SCHEMA}`);
await admin.end();

const sql = await connect({ url: config.databaseUrl, dataDir: config.dataDir, schema: SCHEMA });
try {
	const started = Date.now();
	await sql.unsafe(`set search_path to ${SCHEMA}, public`);
	await migrate(sql);
	await importReferenceData(sql);
	await sql`insert into datasets (id, title, publisher, licence, attribution, notes)
		values ('synthetique-national', 'Jeu synthétique national (essais de charge)', 'Cartonum (généré)',
			'Aucune : données inventées', 'Données fictives', 'Généré par scripts/synthetic-national.ts ; ne pas diffuser.')`;
	const all = communes();
	await territories(sql, all);
	console.log(`Schéma ${SCHEMA} : ${all.length} communes synthétiques sur 96 départements.`);
	await structures(sql, all);
	// Every batch updated the same rows of the cell table: without autovacuum, their dead
	// versions would slow every count read from it.
	await sql`vacuum analyze structure_cells`;
	await sql`vacuum analyze map_data_version`;
	await sql`analyze`;
	const [{ n }] = (await sql`select count(*)::int as n from structures`) as unknown as [
		{ n: number }
	];
	console.log(
		`Jeu synthétique prêt : ${n.toLocaleString('fr-FR')} structures dans le schéma ${SCHEMA}, en ${Math.round((Date.now() - started) / 1000)} s.`
	);
} finally {
	await sql.end();
	if (!config.databaseUrl) await (await startEmbedded(config.dataDir)).stop();
}
