import { z } from 'zod';
import { parseTerritory } from '../../domain/territory-code';

/*
 * The path parameters of /api/v1: each schema validates the parameter in its route and
 * documents it in the OpenAPI document (src/lib/server/api/contract).
 */

/** `{id}` of `/api/v1/structures/{id}`: any text; what matches no structure is a 404. */
export const structureIdSchema = z
	.string()
	.meta({ description: 'UUID ou slug de la structure.', example: 'ecole-maternelle-york-dijon' });

/** `{number}` of `/api/v1/programmes/{number}`: one or two digits. */
export const programmeNumberSchema = z
	.string()
	.regex(/^\d{1,2}$/, {
		error: (issue) =>
			`Numéro de programme invalide (« ${String(issue.input).slice(0, 40)} ») : attendu un entier, par exemple /api/v1/programmes/6.`
	})
	.transform(Number)
	.meta({ description: 'Numéro du programme (1 à 21).', example: '6' });

/** `{code}` of `/api/v1/territories/{code}`: a stored territory, not a circle. */
export const territoryCodeSchema = z
	.string()
	.refine(
		(text) => {
			const parsed = parseTerritory(text);
			return parsed.ok && parsed.value.kind !== 'radius';
		},
		{
			error: (issue) =>
				`Code de territoire invalide (« ${String(issue.input).slice(0, 60)} ») : utilisez reg:27, aca:besancon, aca:dijon, dep:21, epci:<SIREN> ou com:<code INSEE>.`
		}
	)
	.meta({ description: 'reg:27, aca:…, dep:…, epci:<SIREN> ou com:<INSEE>.', example: 'dep:21' });
