import { parisDateTime, parisTime } from '../../domain/paris-time';
import type { Email } from '../email';

const signature =
	'\n\n—\nCartonum, la cartographie du numérique éducatif en Bourgogne-Franche-Comté';

/** `expiresAt`: when the link stops working, said in Paris time. */
export function verification(to: string, link: string, expiresAt: Date): Email {
	return {
		to,
		subject: 'Confirmez votre adresse électronique',
		text:
			`Bonjour,\n\nPour activer votre compte Cartonum, confirmez votre adresse en ouvrant ce lien ` +
			`(valable 48 heures, jusqu’au ${parisDateTime(expiresAt)}, heure de Paris) :\n\n${link}\n\nSi vous n’avez pas créé de compte, ignorez ce message.` +
			signature
	};
}

export function alreadyRegistered(to: string, signInLink: string, resetLink: string): Email {
	return {
		to,
		subject: 'Vous avez déjà un compte Cartonum',
		text:
			`Bonjour,\n\nQuelqu’un, peut-être vous, a demandé à créer un compte Cartonum avec cette adresse. ` +
			`Vous en avez déjà un.\n\nPour vous connecter : ${signInLink}\n` +
			`Mot de passe oublié : ${resetLink}\n\nSi vous n’êtes pas à l’origine de cette demande, ` +
			`ignorez ce message : votre compte n’a pas été modifié.` +
			signature
	};
}

export function passwordReset(to: string, link: string, expiresAt: Date): Email {
	return {
		to,
		subject: 'Réinitialisation de votre mot de passe',
		text:
			`Bonjour,\n\nPour choisir un nouveau mot de passe, ouvrez ce lien (valable une heure, ` +
			`jusqu’à ${parisTime(expiresAt)}, heure de Paris, utilisable une seule fois) :\n\n${link}\n\nSi vous n’avez rien demandé, ignorez ce message : ` +
			`votre mot de passe reste inchangé.` +
			signature
	};
}

export function passwordChanged(to: string, resetLink: string): Email {
	return {
		to,
		subject: 'Votre mot de passe a été modifié',
		text:
			`Bonjour,\n\nLe mot de passe de votre compte Cartonum vient d’être modifié et toutes vos ` +
			`sessions ont été fermées.\n\nSi vous n’êtes pas à l’origine de ce changement, ` +
			`réinitialisez-le sans attendre : ${resetLink}` +
			signature
	};
}
