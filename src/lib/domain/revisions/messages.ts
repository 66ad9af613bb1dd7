import { z } from 'zod';
import { message } from './fields';

/** Revisions that are not a full payload (claims, closures), and moderators' words. */

export const claimSchema = z.object({
	message: message(
		10,
		'Expliquez en quelques mots votre lien avec la structure (au moins 10 caractères) : votre fonction, votre service.'
	)
});
export type ClaimPayload = z.output<typeof claimSchema>;

export const closeSchema = z.object({
	reason: message(
		5,
		'Indiquez pourquoi la structure ferme ou quitte l’annuaire (au moins 5 caractères).'
	)
});
export type ClosePayload = z.output<typeof closeSchema>;

export const refusalSchema = z.object({
	reason: message(5, 'Indiquez la raison du refus : elle est envoyée au demandeur.')
});
export const infoRequestSchema = z.object({
	message: message(5, 'Écrivez votre question : elle est envoyée au demandeur.')
});
export const commentSchema = z.object({
	message: message(1, 'Écrivez la note à partager avec l’équipe de modération.')
});
export const replySchema = z.object({
	message: message(1, 'Écrivez votre réponse au modérateur.')
});
