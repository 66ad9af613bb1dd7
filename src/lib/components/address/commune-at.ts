/** The region's commune under a point (`/api/v1/reverse`), or why the point cannot be kept. */
export async function communeAt(
	lon: number,
	lat: number
): Promise<
	{ ok: true; communeName: string; communeCode: string } | { ok: false; message: string }
> {
	try {
		const response = await fetch(`/api/v1/reverse?lon=${lon.toFixed(7)}&lat=${lat.toFixed(7)}`);
		if (response.status === 404) {
			const body = await response.json().catch(() => null);
			return {
				ok: false,
				message:
					body?.error?.message ??
					'Ce point est en dehors de la région Bourgogne-Franche-Comté : placez le repère dans la région.'
			};
		}
		if (!response.ok) throw new Error(String(response.status));
		const found = (await response.json()) as { communeName: string; communeCode: string };
		return { ok: true, ...found };
	} catch {
		return {
			ok: false,
			message: 'La commune du repère n’a pas pu être vérifiée : réessayez dans un instant.'
		};
	}
}
