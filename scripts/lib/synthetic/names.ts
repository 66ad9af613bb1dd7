import { CATEGORIES, type CategoryCode } from '../../../src/lib/domain/categories';
import { pick } from './random';

/** Names of the synthetic structures, assembled from templates per category. */

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
export const ACTIVITIES = [
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
export const TEMPLATES: Record<CategoryCode, { weight: number; make: Template }> = {
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

/** Categories drawn in proportion to their weight. */
export const categoryBag: CategoryCode[] = CATEGORIES.flatMap((c) =>
	Array<CategoryCode>(Math.round(TEMPLATES[c.code].weight * 10)).fill(c.code)
);
