/** MapLibre's interface strings in French. */
export const FRENCH_LOCALE: Record<string, string> = {
	'AttributionControl.ToggleAttribution': 'Afficher ou masquer les sources',
	'AttributionControl.MapFeedback': 'Signaler une erreur de carte',
	'FullscreenControl.Enter': 'Afficher la carte en plein écran',
	'FullscreenControl.Exit': 'Quitter le plein écran',
	'GeolocateControl.FindMyLocation': 'Me localiser',
	'GeolocateControl.LocationNotAvailable': 'Position indisponible',
	'LogoControl.Title': 'Logo MapLibre',
	// The focusable canvas (a region inside the map's own labelled region): how to move it.
	'Map.Title': 'Carte déplaçable : flèches pour se déplacer, + et − pour zoomer',
	'Marker.Title': 'Repère',
	'NavigationControl.ResetBearing':
		'Faire glisser pour tourner la carte, cliquer pour revenir au nord',
	'NavigationControl.ZoomIn': 'Zoomer',
	'NavigationControl.ZoomOut': 'Dézoomer',
	'Popup.Close': 'Fermer',
	'ScaleControl.Feet': 'pi',
	'ScaleControl.Meters': 'm',
	'ScaleControl.Kilometers': 'km',
	'ScaleControl.Miles': 'mi',
	'ScaleControl.NauticalMiles': 'nmi',
	'GlobeControl.Enable': 'Afficher le globe',
	'GlobeControl.Disable': 'Afficher la carte à plat',
	'TerrainControl.Enable': 'Afficher le relief',
	'TerrainControl.Disable': 'Masquer le relief',
	'CooperativeGesturesHandler.WindowsHelpText': 'Ctrl + molette pour zoomer sur la carte',
	'CooperativeGesturesHandler.MacHelpText': '⌘ + molette pour zoomer sur la carte',
	'CooperativeGesturesHandler.MobileHelpText': 'Utilisez deux doigts pour déplacer la carte'
};
