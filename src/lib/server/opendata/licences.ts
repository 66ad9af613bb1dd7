import { sql } from '../db';

/**
 * The two licences of Cartonum's data. A structure that any ODbL dataset contributed to (the
 * MedNum BFC census) is a part of an ODbL database and stays under ODbL, share-alike; every
 * other row (national open data, partners' registrations) is under the Licence Ouverte.
 */
export const LICENCES = {
	'ODbL-1.0': {
		name: 'Open Database License (ODbL) 1.0',
		url: 'https://opendatacommons.org/licenses/odbl/1-0/',
		terms:
			'Partage à l’identique : toute base de données dérivée de ces lignes et diffusée doit l’être sous ODbL, en citant leurs producteurs.'
	},
	'etalab-2.0': {
		name: 'Licence Ouverte / Open Licence 2.0 (Etalab)',
		url: 'https://www.etalab.gouv.fr/licence-ouverte-open-licence/',
		terms:
			'Réutilisation libre, y compris commerciale, en citant la source et la date de mise à jour.'
	}
} as const;

export type LicenceCode = keyof typeof LICENCES;

/** The address of the notice that states the licence of each part of the bulk files. */
export const NOTICE_PATH = '/api/v1/licences';

/** The datasets that contributed to structure `s`: the one that created it and the others. */
const contributors = () => sql`
	datasets cd where (cd.id = s.dataset_id or s.source_values ? cd.id)`;

/** `licence` (a LicenceCode) and `attribution` of structure `s`, as SQL columns. */
export const licenceColumns = () => sql`
	case when exists (select 1 from ${contributors()} and cd.licence ilike '%odbl%')
		then 'ODbL-1.0' else 'etalab-2.0' end as licence,
	coalesce((select string_agg(distinct cd.attribution, ' ; ') from ${contributors()}),
		'Cartonum (inscription par la structure)') as attribution`;
