import type { Locator, Page } from 'playwright-core';
import { baseUrl } from '../browser';
import { failedResponses } from './failed-responses';

export interface MapView {
	zoom: number;
	lat: number;
	lon: number;
}

/** Digits only: counts are written the French way (« 2 185 », narrow no-break space). */
const count = (text: string | null) => Number((text ?? '').replace(/\D/g, ''));

/** The home page: the map of structures, its filters and its list twin. */
export class HomePage {
	readonly map: Locator;
	/** MapLibre's container, where the map writes what it has drawn once settled. */
	readonly canvas: Locator;
	readonly list: Locator;
	readonly filters: Locator;
	readonly popup: Locator;
	/** The two panels that are tabs on a phone. */
	readonly mapPanel: Locator;
	readonly listPanel: Locator;

	/** Every GeoJSON URL the page has asked for, in order (the map uses tiles: none). */
	readonly geojsonRequests: string[] = [];
	/** Every structure tile the map has asked for, in order. */
	readonly tileRequests: string[] = [];
	/** Requests the app answered with an error (tiles, data, assets): `<status> <url>`. */
	readonly failedResponses: string[];

	constructor(readonly page: Page) {
		this.map = page.getByTestId('map');
		this.canvas = this.map.locator('.maplibregl-map');
		this.list = page.getByTestId('structure-list');
		this.filters = page.getByTestId('filters');
		this.popup = page.getByTestId('structure-popup');
		this.mapPanel = page.locator('#panneau-carte');
		this.listPanel = page.locator('#panneau-liste');
		page.on('request', (request) => {
			if (request.url().includes('/api/v1/structures.geojson')) {
				this.geojsonRequests.push(request.url());
			}
			if (request.url().includes('/tiles/structures/')) this.tileRequests.push(request.url());
		});
		this.failedResponses = failedResponses(page);
	}

	async goto(search = ''): Promise<void> {
		await this.page.goto(`${baseUrl}/${search}`);
	}

	/**
	 * Waits until the map holds the structures of the current filters (the tiles of the filters
	 * loaded, or a search's markers), and returns how many structures it draws in view (or
	 * waits for `expected` of them).
	 */
	async mapLoaded(expected?: number): Promise<number> {
		const selector =
			expected === undefined
				? '[data-testid="map"][data-ready="true"]'
				: `[data-testid="map"][data-ready="true"][data-count="${expected}"]`;
		await this.page.waitForSelector(selector, { timeout: 60_000 });
		return Number(await this.map.getAttribute('data-count'));
	}

	/**
	 * Waits until the map has drawn some structures (clusters or points) and settled, and
	 * returns what is on screen. Before its data arrives the map draws none.
	 */
	async rendered(): Promise<{ clusters: number; points: number }> {
		await this.page.waitForFunction(
			() => {
				const data = document.querySelector<HTMLElement>('.maplibregl-map')?.dataset;
				return Number(data?.renderedClusters) + Number(data?.renderedPoints) > 0;
			},
			null,
			{ timeout: 60_000 }
		);
		return {
			clusters: Number(await this.canvas.getAttribute('data-rendered-clusters')),
			points: Number(await this.canvas.getAttribute('data-rendered-points'))
		};
	}

	/** The scale bar's text (« 2 km »): it depends on the zoom and the latitude shown. */
	async scaleText(): Promise<string> {
		const text = await this.map.locator('.maplibregl-ctrl-scale').textContent();
		return (text ?? '').replace(/\s+/g, ' ').trim();
	}

	/** The number written above the list (« 2 185 structures »). */
	async resultCount(): Promise<number> {
		return count(await this.page.getByTestId('result-count').locator('strong').textContent());
	}

	/** The structure ids of the list, in order. */
	listIds(): Promise<string[]> {
		return this.list
			.locator('a[data-id]')
			.evaluateAll((links) => links.map((a) => a.getAttribute('data-id') ?? ''));
	}

	/** The view the URL carries (`map=<zoom>/<lat>/<lon>`), or null. */
	urlView(): MapView | null {
		const text = new URL(this.page.url()).searchParams.get('map');
		if (!text) return null;
		const [zoom, lat, lon] = text.split('/').map(Number) as [number, number, number];
		return { zoom, lat, lon };
	}

	/** Waits until the URL carries a view other than `previous`, and returns it. */
	async nextUrlView(previous: MapView | null): Promise<MapView> {
		const before = previous ? `${previous.zoom}/${previous.lat}/${previous.lon}` : null;
		await this.page.waitForURL(
			(url) => {
				const view = url.searchParams.get('map');
				return view !== null && view !== before;
			},
			{ timeout: 30_000 }
		);
		return this.urlView()!;
	}

	/** A click at the centre of the map, where a deep link puts its point. */
	async clickMapCentre(): Promise<void> {
		const box = await this.canvas.boundingBox();
		if (!box) throw new Error('the map has no size');
		await this.page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
	}

	category(code: string): Locator {
		return this.page.locator(`#category-${code}`);
	}

	/** Ticks or unticks a category through its label (the DSFR draws the box on the label). */
	async toggleCategory(code: string): Promise<void> {
		await this.page.locator(`label[for="category-${code}"]`).click();
	}

	/** The categories ticked in the form. */
	checkedCategories(): Promise<string[]> {
		return this.filters
			.locator('input[name="category"]:checked')
			.evaluateAll((inputs) => inputs.map((i) => (i as HTMLInputElement).value));
	}

	territorySelect(): Locator {
		return this.page.locator('#filter-territory');
	}

	tab(name: 'Carte' | 'Liste'): Locator {
		return this.page.getByRole('tab', { name, exact: true });
	}
}
