/** The browser's position of the visitor, or an error whose message says in French what to do. */
export function currentPosition(): Promise<{ lon: number; lat: number }> {
	return new Promise((resolve, reject) => {
		if (!('geolocation' in navigator)) {
			reject(new Error('Votre navigateur ne donne pas accès à votre position.'));
			return;
		}
		navigator.geolocation.getCurrentPosition(
			({ coords }) => resolve({ lon: coords.longitude, lat: coords.latitude }),
			(error) => reject(new Error(positionError(error.code))),
			{ enableHighAccuracy: false, timeout: 15_000, maximumAge: 300_000 }
		);
	});
}

function positionError(code: number): string {
	switch (code) {
		case 1: // PERMISSION_DENIED
			return 'L’accès à votre position a été refusé. Autorisez-le pour ce site dans les réglages de votre navigateur, ou triez autour du centre de la carte.';
		case 3: // TIMEOUT
			return 'Votre position n’a pas été trouvée à temps : réessayez, ou triez autour du centre de la carte.';
		default:
			return 'Votre position n’a pas pu être déterminée : réessayez, ou triez autour du centre de la carte.';
	}
}
