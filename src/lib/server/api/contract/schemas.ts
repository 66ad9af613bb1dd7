import { z } from 'zod';
import { CATEGORY_CODES, type CategoryCode } from '../../../domain/categories';
import { LMN_COLUMNS } from '../../opendata/lmn';

/*
 * The shapes of the API's answers, for its OpenAPI document. The contract test
 * (test/integration/api-contract.test.ts) calls every documented example and checks the answer
 * against the schema generated from these, so a change of shape that is not written here fails.
 */

const category = z.enum(CATEGORY_CODES as [CategoryCode, ...CategoryCode[]]);
const uuid = z.string().meta({ format: 'uuid' });
const lonLat = z.tuple([z.number(), z.number()]);
const commune = z.object({ code: z.string(), name: z.string() }).nullable();
const point = z.object({ type: z.literal('Point'), coordinates: lonLat });
const multiPolygon = z.object({
	type: z.literal('MultiPolygon'),
	coordinates: z.array(z.array(z.array(lonLat)))
});
const bbox = z.tuple([z.number(), z.number(), z.number(), z.number()]);
const role = z.enum(['feuille-de-route', 'porteur', 'partenaire', 'site-accueil', 'contributeur']);
const territoryKind = z.enum(['region', 'academie', 'departement', 'epci', 'commune']);

export const errorBody = z
	.object({
		error: z.object({
			message: z.string().meta({ description: 'En français, nomme le paramètre refusé.' }),
			parameter: z.string().optional()
		})
	})
	.meta({ id: 'Erreur' });

export const structureSummary = z
	.object({
		id: uuid,
		slug: z.string(),
		name: z.string(),
		categories: z.array(category).meta({ description: 'La catégorie principale d’abord.' }),
		commune,
		identifiers: z.record(z.string(), z.string()),
		geometry: point,
		location_precision: z.enum(['exact', 'approximate']),
		sector: z
			.enum(['public', 'private'])
			.nullable()
			.meta({ description: 'Écoles, collèges et lycées : public ou privé ; null sinon.' })
	})
	.meta({ id: 'StructureResume' });

const dateTime = z.string().meta({ format: 'date-time' });

/** A structure as the list and the detail show it: the summary, its names, lifecycle and freshness. */
const structureListFields = {
	aliases: z.array(z.string()).meta({ description: 'Sigles et noms courts.' }),
	former_names: z
		.array(z.string())
		.meta({ description: 'Noms antérieurs (par exemple avant une fusion).' }),
	lifecycle: z.enum(['active', 'to-verify', 'merged', 'closed']),
	confirmed_at: dateTime.meta({
		description: 'Dernière confirmation des informations.'
	}),
	confirmed_by: z
		.enum(['manager', 'moderator', 'import'])
		.meta({ description: 'Type d’acteur qui a confirmé (jamais la personne).' }),
	updated_at: dateTime
};

export const structureListItem = z
	.object({ ...structureSummary.shape, ...structureListFields })
	.meta({ id: 'StructureDeListe' });

export const structurePage = z
	.object({
		items: z.array(structureListItem),
		next: z.string().nullable().meta({ description: 'Curseur de la page suivante.' }),
		total: z.int().min(0)
	})
	.meta({ id: 'PageDeStructures' });

export const structureFeatures = z
	.object({
		type: z.literal('FeatureCollection'),
		features: z.array(
			z.object({
				type: z.literal('Feature'),
				id: z.string().optional(),
				geometry: point,
				properties: z.looseObject({ id: uuid, name: z.string() })
			})
		),
		next: z.string().nullable().optional(),
		total: z.int().optional()
	})
	.meta({ id: 'StructuresGeoJSON' });

const datasetCredit = z.object({
	id: z.string(),
	title: z.string(),
	licence: z.string(),
	licence_url: z.string().nullable(),
	attribution: z.string(),
	data_date: z.string().nullable()
});

export const structureDetail = z
	.object({
		...structureSummary.shape,
		category,
		description: z.string(),
		address: z.object({ street: z.string().nullable(), postcode: z.string().nullable() }),
		website: z.string().nullable(),
		email: z.string().nullable(),
		phone: z.string().nullable(),
		departement: commune,
		academie: commune,
		location_note: z.string().nullable(),
		programmes: z.array(
			z.object({ number: z.int(), title: z.string(), axis_code: z.string(), role })
		),
		contacts: z.array(
			z.object({
				name: z.string(),
				role: z.string(),
				email: z.string().nullable(),
				phone: z.string().nullable()
			})
		),
		dataset: datasetCredit.nullable(),
		datasets: z.array(datasetCredit),
		source: z.string(),
		attributes: z.record(z.string(), z.unknown()),
		...structureListFields,
		lifecycle_date: z.string().nullable(),
		lifecycle_note: z.string().nullable(),
		resolved_from: z
			.object({ id: uuid, slug: z.string(), name: z.string() })
			.nullable()
			.meta({ description: 'La structure demandée, fusionnée dans celle-ci.' })
	})
	.meta({ id: 'Structure' });

const axisLink = z.object({
	code: z.string(),
	kind: z.enum(['structurant', 'opérationnel']),
	number: z.int(),
	title: z.string()
});

const programmeSummary = z.object({
	number: z.int(),
	title: z.string(),
	summary: z.string(),
	axis: axisLink,
	structure_count: z.int()
});

export const programmeList = z
	.object({
		axes: z.array(z.object({ ...axisLink.shape, partners: z.array(z.string()) })),
		items: z.array(programmeSummary)
	})
	.meta({ id: 'Programmes' });

export const programmeDetail = z
	.object({
		...programmeSummary.shape,
		actions: z.array(z.string()),
		roles: z.array(z.object({ role, count: z.int() })),
		structures: z.array(
			z.object({
				id: uuid,
				slug: z.string(),
				name: z.string(),
				categories: z.array(category),
				commune,
				role
			})
		)
	})
	.meta({ id: 'Programme' });

const territorySummary = z.object({
	code: z.string(),
	kind: territoryKind,
	name: z.string(),
	population: z.int().nullable().meta({ description: 'Population municipale (INSEE).' }),
	departement_code: z.string().nullable(),
	postcodes: z.array(z.string())
});

export const territoryList = z
	.object({ items: z.array(territorySummary) })
	.meta({ id: 'Territoires' });

export const territoryDetail = z
	.object({
		...territorySummary.shape,
		insee_code: z.string(),
		academie_code: z.string().nullable(),
		epci_code: z.string().nullable(),
		epci_type: z.string().nullable(),
		population_totale: z
			.int()
			.nullable()
			.meta({ description: 'Population totale, là où la source la donne (EPCI).' }),
		partial: z.boolean(),
		parents: z.array(z.object({ code: z.string(), kind: territoryKind, name: z.string() })),
		bbox,
		outline: multiPolygon,
		label_point: lonLat
	})
	.meta({ id: 'Territoire' });

const segments = z.array(z.object({ text: z.string(), match: z.boolean() }));
const facet = z.array(z.object({ value: z.string(), label: z.string(), count: z.int() }));

export const searchResult = z
	.object({
		hits: z.array(
			z.object({
				...structureSummary.shape,
				distance_m: z.number().optional(),
				highlight: z.object({
					name: segments,
					commune: segments.nullable(),
					description: segments.nullable()
				})
			})
		),
		facets: z.object({ category: facet, programme: facet, departement: facet, commune: facet }),
		total: z.int(),
		engine: z.enum(['meilisearch', 'postgres']),
		relaxed: z.boolean(),
		ignored: z.array(z.string()).meta({ description: 'Mots non cherchés.' }),
		notice: z.string().nullable().meta({ description: 'Ce qu’il faut en dire au visiteur.' }),
		understood: z.object({
			place: z.object({ kind: z.string(), name: z.string() }).nullable(),
			categories: z.array(z.string())
		}),
		facets_estimated: z
			.boolean()
			.meta({ description: 'Vrai quand les nombres des facettes sont estimés.' }),
		total_estimated: z.boolean().meta({
			description:
				'Vrai quand le total est estimé (moteur PostgreSQL, au-delà de quelques milliers de résultats).'
		}),
		limit: z.int(),
		offset: z.int(),
		markers: structureFeatures.optional()
	})
	.meta({ id: 'Recherche' });

export const geocodeResult = z
	.object({
		candidates: z.array(
			z.object({
				label: z.string(),
				street: z.string().optional(),
				postcode: z.string().optional(),
				communeCode: z.string(),
				communeName: z.string(),
				lon: z.number(),
				lat: z.number(),
				precision: z.enum(['street', 'commune', 'postcode']),
				score: z.number().min(0).max(1)
			})
		)
	})
	.meta({ id: 'Geocodage' });

export const reverseResult = z
	.object({ communeCode: z.string(), communeName: z.string(), departementCode: z.string() })
	.meta({ id: 'CommuneAuPoint' });

export const licenceNotice = z
	.object({
		description: z.string(),
		fichiers: z.array(z.object({ url: z.string(), format: z.string(), description: z.string() })),
		licences: z.array(
			z.object({
				code: z.enum(['ODbL-1.0', 'etalab-2.0']),
				nom: z.string(),
				url: z.string(),
				conditions: z.string(),
				structures: z.int(),
				attributions: z.array(z.string())
			})
		),
		lieux_mediation_numerique: z.object({
			exportes: z.int(),
			ecartes: z.int(),
			raisons: z.record(z.string(), z.int())
		})
	})
	.meta({ id: 'NoticeDesLicences' });

/** One place of the national schema: its columns, all text but the coordinates. */
export const lieuMediationNumerique = z
	.object(
		Object.fromEntries(
			LMN_COLUMNS.map((name) => {
				const required = ['id', 'pivot', 'nom', 'commune', 'code_postal', 'adresse', 'date_maj'];
				const type = name === 'latitude' || name === 'longitude' ? z.number() : z.string();
				return [name, required.includes(name) ? type : type.optional()];
			})
		)
	)
	.meta({
		id: 'LieuMediationNumerique',
		description:
			'Un lieu au schéma national des lieux de médiation numérique (schema.data.gouv.fr, LaMednum/standard-mediation-num).'
	});

export const apiIndex = z
	.object({
		description: z.string(),
		documentation: z.string(),
		openapi: z.string(),
		erreurs: z.string(),
		endpoints: z.array(
			z.object({
				path: z.string(),
				description: z.string(),
				access: z.literal('personnel').optional(),
				parameters: z.record(z.string(), z.string()).optional()
			})
		)
	})
	.meta({ id: 'IndexDeLApi' });

export const csvText = z.string().meta({ description: 'Fichier CSV.' });
