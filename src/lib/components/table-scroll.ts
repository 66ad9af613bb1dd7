/**
 * A table wider than the screen scrolls sideways inside its DSFR container; a keyboard user
 * must be able to scroll it too (WCAG 2.1.1, axe's « scrollable-region-focusable »). Each
 * container that scrolls becomes a named, focusable region (named by its table's caption);
 * one that fits stays out of the tab order. Followed on resize and after each navigation.
 */
export function watchTableScroll(root: HTMLElement): () => void {
	const update = () => {
		for (const box of root.querySelectorAll<HTMLElement>('.fr-table__container')) {
			const scrolls = box.scrollWidth > box.clientWidth + 1;
			if (scrolls && !box.hasAttribute('tabindex')) {
				const caption = box.querySelector('caption')?.textContent?.trim();
				box.setAttribute('tabindex', '0');
				box.setAttribute('role', 'region');
				box.setAttribute('aria-label', caption ? `Tableau : ${caption}` : 'Tableau');
				box.dataset.scrollRegion = '';
			} else if (!scrolls && box.dataset.scrollRegion !== undefined) {
				for (const name of ['tabindex', 'role', 'aria-label', 'data-scroll-region']) {
					box.removeAttribute(name);
				}
			}
		}
	};
	let frame = 0;
	const schedule = () => {
		cancelAnimationFrame(frame);
		frame = requestAnimationFrame(update);
	};
	const resized = new ResizeObserver(schedule);
	resized.observe(root);
	// Tables come and go with the page's content (navigations, results loaded in place).
	const changed = new MutationObserver(schedule);
	changed.observe(root, { childList: true, subtree: true });
	update();
	return () => {
		cancelAnimationFrame(frame);
		resized.disconnect();
		changed.disconnect();
	};
}
