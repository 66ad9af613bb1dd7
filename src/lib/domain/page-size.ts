/** Structures (or accounts) per page of the site's lists: the map's list, territory and programme pages, accounts. */
export const PAGE_SIZE = 50;
