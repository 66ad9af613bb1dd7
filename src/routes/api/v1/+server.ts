import { CATEGORY_CODES } from '$lib/domain/categories';
import { MAX_LIMIT } from '$lib/domain/structure-filters';
import { MAX_AGE, json } from '$lib/server/api/responses';
import type { RequestHandler } from './$types';

/** A machine-readable index of the public read API, in French like its messages. */
export const GET: RequestHandler = () =>
	json(
		{
			description:
				'API publique en lecture de Cartonum : structures de l’écosystème du numérique éducatif de Bourgogne-Franche-Comté, programmes de la feuille de route et territoires. Réponses JSON (GeoJSON sur demande), ouvertes à toutes les origines.',
			erreurs:
				'Un paramètre invalide donne 400 { error: { message, parameter } } ; un identifiant inconnu donne 404 { error: { message } }.',
			endpoints: [
				{
					path: '/api/v1/structures',
					description:
						'Structures publiées, par ordre alphabétique, paginées : { items, next, total }. GeoJSON avec l’en-tête Accept: application/geo+json, le suffixe .geojson ou format=geojson. format=light : toutes les structures filtrées en GeoJSON léger (id, name, category) pour une carte, sans pagination.',
					parameters: {
						category: `catégorie, répétable ou séparée par des virgules : ${CATEGORY_CODES.join(', ')}`,
						programme: 'numéro de programme de la feuille de route (1 à 21), répétable',
						territory:
							'reg:27, aca:besancon, aca:dijon, dep:21, epci:<SIREN>, com:<code INSEE> ou radius:<longitude>,<latitude>,<mètres>',
						bbox: 'ouest,sud,est,nord en degrés WGS 84',
						identifier: 'schéma:valeur, par exemple uai:0211234A, siret:…, rnsr:…, mednum-bfc:…',
						q: 'mots du nom (sans accents ni casse) ou identifiant exact',
						limit: `résultats par page, 1 à ${MAX_LIMIT} (100 par défaut)`,
						cursor: 'valeur next de la page précédente',
						format: 'json, geojson ou light'
					}
				},
				{
					path: '/api/v1/structures.geojson',
					description: 'Comme /api/v1/structures, en GeoJSON.'
				},
				{
					path: '/api/v1/structures/{id}',
					description:
						'Une structure publiée par identifiant (UUID) ou slug : coordonnées publiques, identifiants, programmes et rôles, contacts publics, source et licence des données.'
				},
				{
					path: '/api/v1/programmes',
					description: 'Axes et programmes de la feuille de route : { axes, items }.'
				},
				{
					path: '/api/v1/programmes/{numéro}',
					description:
						'Un programme : axe, résumé, actions et structures contributrices avec leur rôle.'
				},
				{
					path: '/api/v1/territories',
					description:
						'Territoires : kind=region|academie|departement|epci|commune, parent=<code> (par exemple dep:21), ou q=<nom, code postal ou code INSEE>.'
				},
				{
					path: '/api/v1/territories/{code}',
					description:
						'Un territoire (par exemple dep:21) : nom, population, territoires englobants, emprise et contour simplifié en GeoJSON.'
				}
			]
		},
		{ maxAge: MAX_AGE.reference }
	);
