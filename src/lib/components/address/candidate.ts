/** An address the geocoder proposes (`/api/v1/geocode`). */
export interface Candidate {
	label: string;
	street?: string;
	postcode?: string;
	communeName: string;
	lon: number;
	lat: number;
	/** 'street' when the geocoder knows the street; otherwise the point is the commune's. */
	precision?: 'street' | 'commune' | 'postcode';
}
