/** A least-recently-used cache of bounded size (Map keeps insertion order). */
export class LruCache<K, V> {
	readonly #entries = new Map<K, V>();

	constructor(readonly capacity: number) {}

	get(key: K): V | undefined {
		const value = this.#entries.get(key);
		if (value === undefined) return undefined;
		this.#entries.delete(key);
		this.#entries.set(key, value);
		return value;
	}

	set(key: K, value: V) {
		this.#entries.delete(key);
		this.#entries.set(key, value);
		if (this.#entries.size > this.capacity) {
			this.#entries.delete(this.#entries.keys().next().value as K);
		}
	}

	delete(key: K) {
		this.#entries.delete(key);
	}

	clear() {
		this.#entries.clear();
	}

	get size() {
		return this.#entries.size;
	}
}
