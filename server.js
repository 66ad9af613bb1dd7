// The production server (`npm start`): adapter-node's build, plus two things it cannot be told
// by configuration, and production defaults. Environment variables are documented in the README.
//
// - BODY_SIZE_LIMIT defaults to the largest body the app accepts (a drawn polygon, 400 KB);
//   the hooks also hold forms to 100 KB while reading, chunked or not.
// - Files under /_app/ and static files are served before the hooks: they get
//   `X-Content-Type-Options: nosniff` here, on every response.
process.env.BODY_SIZE_LIMIT ||= '400K';
// Each process trusts the map data version it read for a second: a cached tile costs no query.
process.env.TILES_VERSION_TTL_MS ||= '1000';

const { server } = await import('./build/index.js');

server.server.prependListener('request', (_request, response) => {
	response.setHeader('X-Content-Type-Options', 'nosniff');
});
