/**
 * Cloud regions edgesteer knows by id, with the coordinates of the region's metro area
 * (docs/routing-semantics.md §4.3 "a Route 53 name (`us-east-1`)", §4.6 `AWSRegion` / `LocalZoneGroup`).
 *
 * Coordinates are the city or metro the provider names for the region (e.g. us-east-1 → Ashburn,
 * VA; us-central1 → Council Bluffs, IA; westeurope → Amsterdam), rounded to 0.01°. They feed a
 * great-circle latency estimate, so metro precision is all that matters.
 *
 * AWS Local Zone groups: only the groups listed here resolve (the zone-group name, e.g.
 * `us-west-2-lax-1`, not the zone name `us-west-2-lax-1a`). Any other `LocalZoneGroup` is an
 * unknown id, i.e. a validation error (§4.6). Operators can add their own regions with coordinates.
 */

/** Region ids: Route 53's (`us-east-1`), other clouds' (`europe-west1`), operators' own. */
export const REGION_ID = /^[a-z0-9-]{1,64}$/;

export type RegionProvider = 'aws' | 'gcp' | 'azure';

export interface BuiltinRegion {
  readonly latitude: number;
  readonly longitude: number;
  readonly provider: RegionProvider;
  readonly name: string;
}

/** id|latitude|longitude|name */
const AWS = `us-east-1|39.04|-77.49|US East (N. Virginia)
us-east-2|39.96|-83.00|US East (Ohio)
us-west-1|37.34|-121.89|US West (N. California)
us-west-2|45.84|-119.70|US West (Oregon)
us-gov-east-1|39.96|-83.00|AWS GovCloud (US-East)
us-gov-west-1|45.84|-119.70|AWS GovCloud (US-West)
af-south-1|-33.92|18.42|Africa (Cape Town)
ap-east-1|22.32|114.17|Asia Pacific (Hong Kong)
ap-east-2|25.03|121.57|Asia Pacific (Taipei)
ap-south-1|19.08|72.88|Asia Pacific (Mumbai)
ap-south-2|17.39|78.49|Asia Pacific (Hyderabad)
ap-southeast-1|1.35|103.82|Asia Pacific (Singapore)
ap-southeast-2|-33.87|151.21|Asia Pacific (Sydney)
ap-southeast-3|-6.21|106.85|Asia Pacific (Jakarta)
ap-southeast-4|-37.81|144.96|Asia Pacific (Melbourne)
ap-southeast-5|3.14|101.69|Asia Pacific (Malaysia)
ap-southeast-6|-36.85|174.76|Asia Pacific (New Zealand)
ap-southeast-7|13.76|100.50|Asia Pacific (Thailand)
ap-northeast-1|35.68|139.69|Asia Pacific (Tokyo)
ap-northeast-2|37.57|126.98|Asia Pacific (Seoul)
ap-northeast-3|34.69|135.50|Asia Pacific (Osaka)
ca-central-1|45.50|-73.57|Canada (Central)
ca-west-1|51.05|-114.07|Canada West (Calgary)
cn-north-1|39.90|116.40|China (Beijing)
cn-northwest-1|37.51|105.19|China (Ningxia)
eu-central-1|50.11|8.68|Europe (Frankfurt)
eu-central-2|47.37|8.54|Europe (Zurich)
eu-west-1|53.35|-6.26|Europe (Ireland)
eu-west-2|51.51|-0.13|Europe (London)
eu-west-3|48.86|2.35|Europe (Paris)
eu-south-1|45.46|9.19|Europe (Milan)
eu-south-2|41.65|-0.88|Europe (Spain)
eu-north-1|59.33|18.07|Europe (Stockholm)
eusc-de-east-1|52.39|13.07|AWS European Sovereign Cloud (Brandenburg)
il-central-1|32.09|34.78|Israel (Tel Aviv)
me-south-1|26.07|50.56|Middle East (Bahrain)
me-central-1|25.20|55.27|Middle East (UAE)
mx-central-1|20.59|-100.39|Mexico (Central)
sa-east-1|-23.55|-46.63|South America (São Paulo)
us-east-1-atl-1|33.75|-84.39|Local Zone Atlanta
us-east-1-bos-1|42.36|-71.06|Local Zone Boston
us-east-1-bue-1|-34.60|-58.38|Local Zone Buenos Aires
us-east-1-chi-1|41.88|-87.63|Local Zone Chicago
us-east-1-dfw-1|32.78|-96.80|Local Zone Dallas
us-east-1-iah-1|29.76|-95.37|Local Zone Houston
us-east-1-lim-1|-12.05|-77.04|Local Zone Lima
us-east-1-mci-1|39.10|-94.58|Local Zone Kansas City
us-east-1-mia-1|25.76|-80.19|Local Zone Miami
us-east-1-msp-1|44.98|-93.27|Local Zone Minneapolis
us-east-1-nyc-1|40.71|-74.01|Local Zone New York City
us-east-1-phl-1|39.95|-75.17|Local Zone Philadelphia
us-east-1-qro-1|20.59|-100.39|Local Zone Querétaro
us-east-1-scl-1|-33.45|-70.67|Local Zone Santiago
us-west-2-den-1|39.74|-104.99|Local Zone Denver
us-west-2-hnl-1|21.31|-157.86|Local Zone Honolulu
us-west-2-las-1|36.17|-115.14|Local Zone Las Vegas
us-west-2-lax-1|34.05|-118.24|Local Zone Los Angeles
us-west-2-pdx-1|45.52|-122.68|Local Zone Portland
us-west-2-phx-1|33.45|-112.07|Local Zone Phoenix
us-west-2-sea-1|47.61|-122.33|Local Zone Seattle
ap-northeast-1-tpe-1|25.03|121.57|Local Zone Taipei
ap-south-1-ccu-1|22.57|88.36|Local Zone Kolkata
ap-south-1-del-1|28.61|77.21|Local Zone Delhi
ap-southeast-1-bkk-1|13.76|100.50|Local Zone Bangkok
ap-southeast-1-mnl-1|14.60|120.98|Local Zone Manila
ap-southeast-2-akl-1|-36.85|174.76|Local Zone Auckland
ap-southeast-2-per-1|-31.95|115.86|Local Zone Perth
eu-central-1-ham-1|53.55|9.99|Local Zone Hamburg
eu-central-1-waw-1|52.23|21.01|Local Zone Warsaw
eu-north-1-cph-1|55.68|12.57|Local Zone Copenhagen
eu-north-1-hel-1|60.17|24.94|Local Zone Helsinki
me-south-1-mct-1|23.59|58.41|Local Zone Muscat
af-south-1-los-1|6.52|3.38|Local Zone Lagos`;

const GCP = `africa-south1|-26.20|28.05|Johannesburg
asia-east1|24.05|120.52|Changhua County, Taiwan
asia-east2|22.32|114.17|Hong Kong
asia-northeast1|35.68|139.69|Tokyo
asia-northeast2|34.69|135.50|Osaka
asia-northeast3|37.57|126.98|Seoul
asia-south1|19.08|72.88|Mumbai
asia-south2|28.61|77.21|Delhi
asia-southeast1|1.34|103.71|Jurong West, Singapore
asia-southeast2|-6.21|106.85|Jakarta
australia-southeast1|-33.87|151.21|Sydney
australia-southeast2|-37.81|144.96|Melbourne
europe-central2|52.23|21.01|Warsaw
europe-north1|60.57|27.19|Hamina, Finland
europe-north2|59.33|18.07|Stockholm
europe-southwest1|40.42|-3.70|Madrid
europe-west1|50.45|3.82|St. Ghislain, Belgium
europe-west2|51.51|-0.13|London
europe-west3|50.11|8.68|Frankfurt
europe-west4|53.44|6.83|Eemshaven, Netherlands
europe-west6|47.37|8.54|Zurich
europe-west8|45.46|9.19|Milan
europe-west9|48.86|2.35|Paris
europe-west10|52.52|13.40|Berlin
europe-west12|45.07|7.69|Turin
me-central1|25.29|51.53|Doha
me-central2|26.43|50.10|Dammam, Saudi Arabia
me-west1|32.09|34.78|Tel Aviv
northamerica-northeast1|45.50|-73.57|Montréal
northamerica-northeast2|43.65|-79.38|Toronto
northamerica-south1|20.59|-100.39|Querétaro
southamerica-east1|-23.53|-46.79|Osasco (São Paulo)
southamerica-west1|-33.45|-70.67|Santiago
us-central1|41.26|-95.86|Council Bluffs, Iowa
us-east1|33.20|-80.01|Moncks Corner, South Carolina
us-east4|39.04|-77.49|Ashburn, Virginia
us-east5|39.96|-83.00|Columbus, Ohio
us-south1|32.78|-96.80|Dallas
us-west1|45.60|-121.18|The Dalles, Oregon
us-west2|34.05|-118.24|Los Angeles
us-west3|40.76|-111.89|Salt Lake City
us-west4|36.17|-115.14|Las Vegas`;

const AZURE = `eastus|37.37|-79.82|East US (Virginia)
eastus2|36.68|-78.39|East US 2 (Virginia)
centralus|41.59|-93.60|Central US (Iowa)
northcentralus|41.88|-87.63|North Central US (Illinois)
southcentralus|29.42|-98.49|South Central US (Texas)
westcentralus|41.14|-104.82|West Central US (Wyoming)
westus|37.78|-122.42|West US (California)
westus2|47.23|-119.85|West US 2 (Washington)
westus3|33.45|-112.07|West US 3 (Arizona)
canadacentral|43.65|-79.38|Canada Central (Toronto)
canadaeast|46.82|-71.22|Canada East (Quebec City)
brazilsouth|-23.55|-46.63|Brazil South (São Paulo)
brazilsoutheast|-22.91|-43.17|Brazil Southeast (Rio de Janeiro)
mexicocentral|20.59|-100.39|Mexico Central (Querétaro)
chilecentral|-33.45|-70.67|Chile Central (Santiago)
northeurope|53.35|-6.26|North Europe (Ireland)
westeurope|52.37|4.90|West Europe (Netherlands)
uksouth|51.51|-0.13|UK South (London)
ukwest|51.48|-3.18|UK West (Cardiff)
francecentral|48.86|2.35|France Central (Paris)
francesouth|43.30|5.37|France South (Marseille)
germanywestcentral|50.11|8.68|Germany West Central (Frankfurt)
germanynorth|52.52|13.40|Germany North (Berlin)
switzerlandnorth|47.45|8.56|Switzerland North (Zurich)
switzerlandwest|46.20|6.14|Switzerland West (Geneva)
norwayeast|59.91|10.75|Norway East (Oslo)
norwaywest|58.97|5.73|Norway West (Stavanger)
swedencentral|60.67|17.14|Sweden Central (Gävle)
polandcentral|52.23|21.01|Poland Central (Warsaw)
italynorth|45.46|9.19|Italy North (Milan)
spaincentral|40.42|-3.70|Spain Central (Madrid)
austriaeast|48.21|16.37|Austria East (Vienna)
belgiumcentral|50.85|4.35|Belgium Central (Brussels)
eastasia|22.27|114.19|East Asia (Hong Kong)
southeastasia|1.28|103.83|Southeast Asia (Singapore)
japaneast|35.68|139.77|Japan East (Tokyo)
japanwest|34.69|135.50|Japan West (Osaka)
koreacentral|37.57|126.98|Korea Central (Seoul)
koreasouth|35.18|129.08|Korea South (Busan)
centralindia|18.52|73.86|Central India (Pune)
southindia|13.08|80.27|South India (Chennai)
westindia|19.08|72.88|West India (Mumbai)
jioindiawest|22.47|70.06|Jio India West (Jamnagar)
jioindiacentral|21.15|79.09|Jio India Central (Nagpur)
australiaeast|-33.87|151.21|Australia East (Sydney)
australiasoutheast|-37.81|144.96|Australia Southeast (Melbourne)
australiacentral|-35.28|149.13|Australia Central (Canberra)
australiacentral2|-35.28|149.13|Australia Central 2 (Canberra)
newzealandnorth|-36.85|174.76|New Zealand North (Auckland)
indonesiacentral|-6.21|106.85|Indonesia Central (Jakarta)
malaysiawest|3.14|101.69|Malaysia West (Kuala Lumpur)
uaenorth|25.27|55.31|UAE North (Dubai)
uaecentral|24.47|54.37|UAE Central (Abu Dhabi)
qatarcentral|25.29|51.53|Qatar Central (Doha)
israelcentral|32.09|34.78|Israel Central (Tel Aviv)
southafricanorth|-26.20|28.05|South Africa North (Johannesburg)
southafricawest|-33.92|18.42|South Africa West (Cape Town)`;

function addRows(map: Map<string, BuiltinRegion>, provider: RegionProvider, rows: string): void {
  for (const line of rows.split('\n')) {
    const [id, latitude, longitude, name] = line.split('|');
    if (id === undefined || name === undefined || map.has(id)) throw new Error(`bad region row ${line}`);
    map.set(id, { latitude: Number(latitude), longitude: Number(longitude), provider, name });
  }
}

function buildRegions(): ReadonlyMap<string, BuiltinRegion> {
  const map = new Map<string, BuiltinRegion>();
  addRows(map, 'aws', AWS);
  addRows(map, 'gcp', GCP);
  addRows(map, 'azure', AZURE);
  return map;
}

/** AWS regions and listed Local Zone groups, common GCP regions, Azure regions; ids are unique across providers. */
export const BUILTIN_REGIONS: ReadonlyMap<string, BuiltinRegion> = buildRegions();

/** True for an AWS region id (not a Local Zone group), as accepted by Route 53 `Region` / `AWSRegion`. */
export function isAwsRegion(id: string): boolean {
  const region = BUILTIN_REGIONS.get(id);
  return region !== undefined && region.provider === 'aws' && !id.match(/-\d+-[a-z]{3}-\d+$/);
}

/** True for an AWS Local Zone group edgesteer knows (`us-west-2-lax-1`). */
export function isLocalZoneGroup(id: string): boolean {
  return BUILTIN_REGIONS.get(id)?.provider === 'aws' && /-\d+-[a-z]{3}-\d+$/.test(id);
}
