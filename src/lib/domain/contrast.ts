/** WCAG 2.x contrast between two sRGB colours written `#rrggbb` (or `#rgb`). */

function channels(hex: string): [number, number, number] {
	const match = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(hex.trim());
	if (!match) throw new Error(`not a #rgb or #rrggbb colour: ${hex}`);
	const digits =
		match[1]!.length === 3
			? [...match[1]!].map((d) => d + d)
			: [match[1]!.slice(0, 2), match[1]!.slice(2, 4), match[1]!.slice(4, 6)];
	return digits.map((d) => parseInt(d, 16) / 255) as [number, number, number];
}

/** Relative luminance (WCAG 2.x definition). */
export function relativeLuminance(hex: string): number {
	const [r, g, b] = channels(hex).map((c) =>
		c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
	) as [number, number, number];
	return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** From 1 (same luminance) to 21 (black on white), whatever the order of the two colours. */
export function contrastRatio(a: string, b: string): number {
	const [light, dark] = [relativeLuminance(a), relativeLuminance(b)].sort((x, y) => y - x) as [
		number,
		number
	];
	return (light + 0.05) / (dark + 0.05);
}
