import { CATEGORY_CODES } from '$lib/domain/categories';
import { MAX_LIMIT } from '$lib/domain/structure-filters';
import { MAX_AGE, json } from '$lib/server/api/responses';
import { MAX_API_LIMIT } from '$lib/server/geocoding/params';
import { MAX_SEARCH_LIMIT, MAX_SEARCH_OFFSET } from '$lib/server/search/query';
import type { RequestHandler } from './$types';

/**
 * A machine-readable index of every endpoint under /api/v1, in French like its messages
 * (test/integration/api-read.test.ts checks that no route folder is missing from it).
 */
export const GET: RequestHandler = () =>
	json(
		{
			description:
				'API de Cartonum, en lecture : structures de l’écosystème du numérique éducatif de Bourgogne-Franche-Comté, programmes de la feuille de route, territoires, recherche et géocodage. Réponses JSON (GeoJSON sur demande), ouvertes à toutes les origines, sauf les points d’accès marqués access: "personnel", réservés à l’équipe régionale connectée.',
			erreurs:
				'Un paramètre invalide ou inconnu donne 400 { error: { message, parameter } } ; un identifiant inconnu donne 404 { error: { message } }.',
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
						q: 'mots du nom, des sigles ou des noms antérieurs (sans accents ni casse) ou identifiant exact',
						sector: 'public ou private (écoles, collèges, lycées)',
						level: 'maternelle ou elementaire (écoles)',
						pathway: 'generale, technologique ou professionnelle (lycées)',
						priority: 'rep ou rep-plus (éducation prioritaire)',
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
				},
				{
					path: '/api/v1/search',
					description:
						'Recherche plein texte des structures publiées, tolérante aux fautes et aux accents, classée par pertinence : { hits, facets, total, engine, relaxed, limit, offset }. Exemple : /api/v1/search?q=college+dijon.',
					parameters: {
						q: 'mots recherchés (nom, commune, identifiant…)',
						'category, programme, territory, bbox, identifier, sector, level, pathway, priority':
							'comme pour /api/v1/structures',
						near: 'longitude,latitude : classe les résultats par distance, par exemple near=5.04,47.32',
						limit: `résultats par page, 1 à ${MAX_SEARCH_LIMIT} (20 par défaut)`,
						offset: `résultats à sauter, 0 à ${MAX_SEARCH_OFFSET}`,
						markers: '1 pour ajouter les points de tous les résultats (carte)'
					}
				},
				{
					path: '/api/v1/geocode',
					description:
						'Adresse, commune ou code postal de la région → candidats, du meilleur au moins bon : { candidates } (libellé, commune, longitude, latitude, précision, score). Nombre de requêtes limité par client. Exemple : /api/v1/geocode?q=12+rue+de+la+Liberté+Dijon.',
					parameters: {
						q: 'texte recherché, au moins 2 caractères',
						limit: `nombre de candidats, 1 à ${MAX_API_LIMIT} (5 par défaut)`
					}
				},
				{
					path: '/api/v1/reverse',
					description:
						'Un point → la commune de la région qui le contient : { communeCode, communeName, departementCode } ; 404 hors de la région. Nombre de requêtes limité par client. Exemple : /api/v1/reverse?lon=5.0415&lat=47.3220.',
					parameters: {
						lon: 'longitude en degrés WGS 84',
						lat: 'latitude en degrés WGS 84'
					}
				},
				{
					path: '/api/v1/contacts',
					access: 'personnel',
					description:
						'Réservé à l’équipe régionale connectée (modération, administration) ; 401 sans session, 403 pour un compte partenaire. Structures d’un territoire (GET, territory requis) ou d’un polygone GeoJSON envoyé en POST, avec tous leurs contacts : { territory, items, total, limit, offset }. Mêmes filtres que /api/v1/structures, plus limit et offset.'
				},
				{
					path: '/api/v1/contacts/export',
					access: 'personnel',
					description:
						'Réservé à l’équipe régionale connectée : la même sélection que /api/v1/contacts en fichier à télécharger, format=csv (par défaut), vcf ou geojson.'
				}
			]
		},
		{ maxAge: MAX_AGE.reference }
	);
