/**
 * Cloudflare edge colos by IATA code (`request.cf.colo`), with the airport's coordinates and the
 * colo's country (docs/routing-semantics.md §3: "else the colo's coordinates from edgesteer's IATA
 * table"). Coordinates are the named airport, rounded to 0.01°; Cloudflare's data centre is in
 * that metro. The list follows Cloudflare's published network map (cloudflare.com/network) and
 * the codes seen in `request.cf.colo`; it covers every major colo. A colo missing here still works:
 * the client's coordinates then come from the country (locate.ts).
 */

export interface ColoInfo {
  readonly latitude: number;
  readonly longitude: number;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  readonly city: string;
}

/** IATA|country|latitude|longitude|city */
const ROWS = `ATL|US|33.64|-84.43|Atlanta
AUS|US|30.19|-97.67|Austin
ABQ|US|35.04|-106.61|Albuquerque
ANC|US|61.17|-150.00|Anchorage
BGR|US|44.81|-68.83|Bangor
BNA|US|36.12|-86.68|Nashville
BOI|US|43.56|-116.22|Boise
BOS|US|42.36|-71.01|Boston
BUF|US|42.94|-78.73|Buffalo
CLE|US|41.41|-81.85|Cleveland
CLT|US|35.21|-80.94|Charlotte
CMH|US|40.00|-82.89|Columbus
DEN|US|39.86|-104.67|Denver
DFW|US|32.90|-97.04|Dallas
DSM|US|41.53|-93.66|Des Moines
DTW|US|42.21|-83.35|Detroit
EWR|US|40.69|-74.17|Newark
FSD|US|43.58|-96.74|Sioux Falls
HNL|US|21.32|-157.92|Honolulu
IAD|US|38.94|-77.46|Ashburn
IAH|US|29.98|-95.34|Houston
IND|US|39.72|-86.29|Indianapolis
JAX|US|30.49|-81.69|Jacksonville
LAS|US|36.08|-115.15|Las Vegas
LAX|US|33.94|-118.41|Los Angeles
MCI|US|39.30|-94.71|Kansas City
MEM|US|35.04|-89.98|Memphis
MFE|US|26.18|-98.24|McAllen
MGM|US|32.30|-86.39|Montgomery
MIA|US|25.80|-80.29|Miami
MSP|US|44.88|-93.22|Minneapolis
MSY|US|29.99|-90.26|New Orleans
OKC|US|35.39|-97.60|Oklahoma City
OMA|US|41.30|-95.89|Omaha
ORD|US|41.98|-87.90|Chicago
ORF|US|36.89|-76.20|Norfolk
PDX|US|45.59|-122.60|Portland
PHL|US|39.87|-75.24|Philadelphia
PHX|US|33.43|-112.01|Phoenix
PIT|US|40.49|-80.23|Pittsburgh
RDU|US|35.88|-78.79|Raleigh
RIC|US|37.51|-77.32|Richmond
SAN|US|32.73|-117.19|San Diego
SAT|US|29.53|-98.47|San Antonio
SEA|US|47.45|-122.31|Seattle
SFO|US|37.62|-122.38|San Francisco
SJC|US|37.36|-121.93|San Jose
SLC|US|40.79|-111.98|Salt Lake City
SMF|US|38.70|-121.59|Sacramento
STL|US|38.75|-90.37|St. Louis
TLH|US|30.40|-84.35|Tallahassee
TPA|US|27.98|-82.53|Tampa
GUM|GU|13.48|144.80|Hagåtña
SJU|PR|18.44|-66.00|San Juan
YHZ|CA|44.88|-63.51|Halifax
YOW|CA|45.32|-75.67|Ottawa
YUL|CA|45.47|-73.74|Montréal
YVR|CA|49.19|-123.18|Vancouver
YWG|CA|49.91|-97.24|Winnipeg
YXE|CA|52.17|-106.70|Saskatoon
YYC|CA|51.13|-114.01|Calgary
YYZ|CA|43.68|-79.63|Toronto
GDL|MX|20.52|-103.31|Guadalajara
MEX|MX|19.44|-99.07|Mexico City
QRO|MX|20.62|-100.19|Querétaro
MTY|MX|25.78|-100.11|Monterrey
GUA|GT|14.58|-90.53|Guatemala City
SAL|SV|13.44|-89.06|San Salvador
TGU|HN|14.06|-87.22|Tegucigalpa
SAP|HN|15.45|-87.92|San Pedro Sula
MGA|NI|12.14|-86.17|Managua
SJO|CR|9.99|-84.20|San José
PTY|PA|9.07|-79.38|Panama City
BGI|BB|13.07|-59.49|Bridgetown
CUR|CW|12.19|-68.96|Willemstad
GND|GD|12.00|-61.79|St. George's
KIN|JM|17.94|-76.79|Kingston
NAS|BS|25.04|-77.47|Nassau
PAP|HT|18.58|-72.29|Port-au-Prince
POS|TT|10.60|-61.34|Port of Spain
SDQ|DO|18.43|-69.67|Santo Domingo
STI|DO|19.41|-70.60|Santiago de los Caballeros
SXM|SX|18.04|-63.11|Philipsburg
GEO|GY|6.50|-58.25|Georgetown
PBM|SR|5.45|-55.19|Paramaribo
CAY|GF|4.82|-52.36|Cayenne
EZE|AR|-34.82|-58.54|Buenos Aires
COR|AR|-31.32|-64.21|Córdoba
NQN|AR|-38.95|-68.16|Neuquén
ARI|CL|-18.35|-70.34|Arica
SCL|CL|-33.39|-70.79|Santiago
CCP|CL|-36.77|-73.06|Concepción
BOG|CO|4.70|-74.15|Bogotá
MDE|CO|6.16|-75.42|Medellín
BAQ|CO|10.89|-74.78|Barranquilla
CLO|CO|3.54|-76.38|Cali
UIO|EC|-0.13|-78.36|Quito
GYE|EC|-2.16|-79.88|Guayaquil
LIM|PE|-12.02|-77.11|Lima
ASU|PY|-25.24|-57.52|Asunción
MVD|UY|-34.84|-56.03|Montevideo
CCS|VE|10.60|-66.99|Caracas
LPB|BO|-16.51|-68.19|La Paz
VVI|BO|-17.64|-63.14|Santa Cruz de la Sierra
GRU|BR|-23.43|-46.47|São Paulo
GIG|BR|-22.81|-43.25|Rio de Janeiro
BSB|BR|-15.87|-47.92|Brasília
CNF|BR|-19.63|-43.97|Belo Horizonte
POA|BR|-29.99|-51.17|Porto Alegre
CWB|BR|-25.53|-49.18|Curitiba
FLN|BR|-27.67|-48.55|Florianópolis
FOR|BR|-3.78|-38.53|Fortaleza
REC|BR|-8.13|-34.92|Recife
SSA|BR|-12.91|-38.33|Salvador
BEL|BR|-1.38|-48.48|Belém
MAO|BR|-3.04|-60.05|Manaus
GYN|BR|-16.63|-49.22|Goiânia
VCP|BR|-23.01|-47.13|Campinas
SJP|BR|-20.82|-49.41|São José do Rio Preto
QWJ|BR|-22.74|-47.33|Americana
RAO|BR|-21.14|-47.78|Ribeirão Preto
SOD|BR|-23.48|-47.49|Sorocaba
JOI|BR|-26.22|-48.80|Joinville
CFC|BR|-26.79|-50.94|Caçador
CAW|BR|-21.70|-41.30|Campos dos Goytacazes
ITJ|BR|-26.88|-48.65|Itajaí
JDO|BR|-7.22|-39.27|Juazeiro do Norte
NVT|BR|-26.88|-48.65|Navegantes
UDI|BR|-18.88|-48.23|Uberlândia
XAP|BR|-27.13|-52.66|Chapecó
PMW|BR|-10.29|-48.36|Palmas
ARU|BR|-21.14|-50.42|Araçatuba
BNU|BR|-26.83|-49.09|Blumenau
BPS|BR|-16.44|-39.08|Porto Seguro
CGB|BR|-15.65|-56.12|Cuiabá
NAT|BR|-5.77|-35.37|Natal
THE|BR|-5.06|-42.82|Teresina
VIX|BR|-20.26|-40.29|Vitória
SLZ|BR|-2.59|-44.24|São Luís
MCZ|BR|-9.51|-35.79|Maceió
AJU|BR|-10.98|-37.07|Aracaju
CGR|BR|-20.47|-54.67|Campo Grande
PVH|BR|-8.71|-63.90|Porto Velho
AMS|NL|52.31|4.76|Amsterdam
ATH|GR|37.94|23.94|Athens
SKG|GR|40.52|22.97|Thessaloniki
HER|GR|35.34|25.18|Heraklion
BCN|ES|41.30|2.08|Barcelona
MAD|ES|40.47|-3.56|Madrid
BEG|RS|44.82|20.31|Belgrade
TXL|DE|52.56|13.29|Berlin
DUS|DE|51.29|6.77|Düsseldorf
FRA|DE|50.04|8.56|Frankfurt
HAM|DE|53.63|9.99|Hamburg
MUC|DE|48.35|11.79|Munich
STR|DE|48.69|9.22|Stuttgart
BRU|BE|50.90|4.48|Brussels
OTP|RO|44.57|26.09|Bucharest
BUD|HU|47.44|19.26|Budapest
KIV|MD|46.93|28.93|Chișinău
CPH|DK|55.62|12.66|Copenhagen
ORK|IE|51.84|-8.49|Cork
DUB|IE|53.42|-6.27|Dublin
EDI|GB|55.95|-3.37|Edinburgh
LHR|GB|51.47|-0.45|London
MAN|GB|53.35|-2.27|Manchester
GVA|CH|46.24|6.11|Geneva
ZRH|CH|47.46|8.55|Zurich
GOT|SE|57.66|12.28|Gothenburg
ARN|SE|59.65|17.92|Stockholm
HEL|FI|60.32|24.96|Helsinki
IST|TR|41.26|28.74|Istanbul
ADB|TR|38.29|27.16|Izmir
ESB|TR|40.13|32.99|Ankara
KBP|UA|50.34|30.89|Kyiv
LIS|PT|38.77|-9.13|Lisbon
OPO|PT|41.24|-8.68|Porto
LUX|LU|49.63|6.21|Luxembourg City
MRS|FR|43.44|5.22|Marseille
CDG|FR|49.01|2.55|Paris
LYS|FR|45.73|5.08|Lyon
BOD|FR|44.83|-0.72|Bordeaux
MXP|IT|45.63|8.72|Milan
FCO|IT|41.80|12.25|Rome
PMO|IT|38.18|13.10|Palermo
DME|RU|55.41|37.91|Moscow
LED|RU|59.80|30.26|Saint Petersburg
KJA|RU|56.17|92.49|Krasnoyarsk
SVX|RU|56.74|60.80|Yekaterinburg
OVB|RU|55.01|82.65|Novosibirsk
KZN|RU|55.61|49.28|Kazan
KHV|RU|48.53|135.19|Khabarovsk
VVO|RU|43.40|132.15|Vladivostok
LCA|CY|34.88|33.63|Nicosia
OSL|NO|60.19|11.10|Oslo
PRG|CZ|50.10|14.26|Prague
KEF|IS|63.99|-22.62|Reykjavík
RIX|LV|56.92|23.97|Riga
SOF|BG|42.70|23.41|Sofia
TLL|EE|59.41|24.83|Tallinn
VIE|AT|48.11|16.57|Vienna
VNO|LT|54.63|25.29|Vilnius
WAW|PL|52.17|20.97|Warsaw
KTW|PL|50.47|19.08|Katowice
ZAG|HR|45.74|16.07|Zagreb
SKP|MK|41.96|21.62|Skopje
TIA|AL|41.41|19.72|Tirana
SJJ|BA|43.82|18.33|Sarajevo
LJU|SI|46.22|14.46|Ljubljana
BTS|SK|48.17|17.21|Bratislava
MLA|MT|35.86|14.48|Valletta
PRN|XK|42.57|21.04|Pristina
TGD|ME|42.36|19.25|Podgorica
MSQ|BY|53.88|28.03|Minsk
TBS|GE|41.67|44.95|Tbilisi
EVN|AM|40.15|44.40|Yerevan
GYD|AZ|40.47|50.05|Baku
AMM|JO|31.72|35.99|Amman
BGW|IQ|33.26|44.23|Baghdad
BSR|IQ|30.55|47.66|Basra
EBL|IQ|36.24|43.96|Erbil
NJF|IQ|31.99|44.40|Najaf
XNH|IQ|30.94|46.09|Nasiriyah
ISU|IQ|35.56|45.32|Sulaymaniyah
BEY|LB|33.82|35.49|Beirut
DOH|QA|25.27|51.61|Doha
DXB|AE|25.25|55.36|Dubai
AUH|AE|24.43|54.65|Abu Dhabi
HFA|IL|32.81|35.04|Haifa
TLV|IL|32.01|34.89|Tel Aviv
JED|SA|21.68|39.16|Jeddah
RUH|SA|24.96|46.70|Riyadh
DMM|SA|26.47|49.80|Dammam
KWI|KW|29.24|47.97|Kuwait City
MCT|OM|23.59|58.28|Muscat
BAH|BH|26.27|50.63|Manama
ZDM|PS|31.90|35.20|Ramallah
GZA|PS|31.50|34.47|Gaza
IKA|IR|35.42|51.15|Tehran
ALG|DZ|36.69|3.22|Algiers
ORN|DZ|35.62|-0.62|Oran
AAE|DZ|36.82|7.81|Annaba
CZL|DZ|36.28|6.62|Constantine
LAD|AO|-8.86|13.23|Luanda
COO|BJ|6.36|2.38|Cotonou
GBE|BW|-24.56|25.92|Gaborone
OUA|BF|12.35|-1.51|Ouagadougou
DLA|CM|4.01|9.72|Douala
CAI|EG|30.12|31.41|Cairo
ADD|ET|8.98|38.80|Addis Ababa
ACC|GH|5.61|-0.17|Accra
NBO|KE|-1.32|36.93|Nairobi
MBA|KE|-4.03|39.59|Mombasa
TNR|MG|-18.80|47.48|Antananarivo
BKO|ML|12.53|-7.95|Bamako
MRU|MU|-20.43|57.68|Port Louis
RUN|RE|-20.89|55.51|Saint-Denis
CMN|MA|33.37|-7.59|Casablanca
RBA|MA|34.05|-6.75|Rabat
MPM|MZ|-25.92|32.57|Maputo
WDH|NA|-22.48|17.47|Windhoek
LOS|NG|6.58|3.32|Lagos
ABV|NG|9.01|7.26|Abuja
KGL|RW|-1.97|30.14|Kigali
DKR|SN|14.74|-17.49|Dakar
CPT|ZA|-33.97|18.60|Cape Town
DUR|ZA|-29.61|31.12|Durban
JNB|ZA|-26.14|28.25|Johannesburg
DAR|TZ|-6.88|39.20|Dar es Salaam
TUN|TN|36.85|10.23|Tunis
EBB|UG|0.04|32.44|Kampala
LUN|ZM|-15.33|28.45|Lusaka
HRE|ZW|-17.93|31.09|Harare
FIH|CD|-4.39|15.44|Kinshasa
JIB|DJ|11.55|43.16|Djibouti
LBV|GA|0.46|9.41|Libreville
ABJ|CI|5.26|-3.93|Abidjan
SEZ|SC|-4.67|55.52|Victoria
NDJ|TD|12.13|15.03|N'Djamena
NIM|NE|13.48|2.18|Niamey
FNA|SL|8.62|-13.20|Freetown
ROB|LR|6.23|-10.36|Monrovia
CKY|GN|9.58|-13.61|Conakry
BJL|GM|13.34|-16.65|Banjul
LFW|TG|6.17|1.25|Lomé
MSU|LS|-29.46|27.55|Maseru
MTS|SZ|-26.53|31.31|Manzini
LLW|MW|-13.79|33.78|Lilongwe
BJM|BI|-3.32|29.32|Bujumbura
JUB|SS|4.87|31.60|Juba
KRT|SD|15.59|32.55|Khartoum
TIP|LY|32.66|13.16|Tripoli
NKC|MR|18.31|-15.97|Nouakchott
BKK|TH|13.69|100.75|Bangkok
CNX|TH|18.77|98.96|Chiang Mai
URT|TH|9.13|99.14|Surat Thani
BWN|BN|4.94|114.93|Bandar Seri Begawan
CEB|PH|10.31|123.98|Cebu
MNL|PH|14.51|121.02|Manila
CGK|ID|-6.13|106.66|Jakarta
DPS|ID|-8.75|115.17|Denpasar
JOG|ID|-7.79|110.43|Yogyakarta
SUB|ID|-7.38|112.79|Surabaya
KUL|MY|2.75|101.71|Kuala Lumpur
JHB|MY|1.64|103.67|Johor Bahru
KCH|MY|1.48|110.35|Kuching
SIN|SG|1.36|103.99|Singapore
HAN|VN|21.22|105.81|Hanoi
SGN|VN|10.82|106.65|Ho Chi Minh City
DAD|VN|16.04|108.20|Da Nang
PNH|KH|11.55|104.84|Phnom Penh
VTE|LA|17.99|102.56|Vientiane
RGN|MM|16.91|96.13|Yangon
MFM|MO|22.15|113.59|Macau
HKG|HK|22.31|113.91|Hong Kong
TPE|TW|25.08|121.23|Taipei
KHH|TW|22.58|120.35|Kaohsiung
NRT|JP|35.77|140.39|Tokyo
KIX|JP|34.43|135.24|Osaka
FUK|JP|33.59|130.45|Fukuoka
OKA|JP|26.20|127.65|Naha
ICN|KR|37.46|126.44|Seoul
ULN|MN|47.84|106.77|Ulaanbaatar
PEK|CN|40.08|116.58|Beijing
SHA|CN|31.20|121.34|Shanghai
PVG|CN|31.14|121.81|Shanghai Pudong
CAN|CN|23.39|113.30|Guangzhou
SZX|CN|22.64|113.81|Shenzhen
CTU|CN|30.58|103.95|Chengdu
CKG|CN|29.72|106.64|Chongqing
HGH|CN|30.23|120.43|Hangzhou
NKG|CN|31.74|118.86|Nanjing
WUH|CN|30.78|114.21|Wuhan
XIY|CN|34.45|108.75|Xi'an
TSN|CN|39.12|117.35|Tianjin
TAO|CN|36.36|120.09|Qingdao
CSX|CN|28.19|113.22|Changsha
CGO|CN|34.52|113.84|Zhengzhou
KMG|CN|25.10|102.93|Kunming
SHE|CN|41.64|123.48|Shenyang
DLC|CN|38.97|121.54|Dalian
HRB|CN|45.62|126.25|Harbin
TNA|CN|36.86|117.22|Jinan
FOC|CN|25.94|119.66|Fuzhou
XMN|CN|24.54|118.13|Xiamen
NNG|CN|22.61|108.17|Nanning
KWE|CN|26.54|106.80|Guiyang
HAK|CN|19.93|110.46|Haikou
LHW|CN|36.52|103.62|Lanzhou
TYN|CN|37.75|112.63|Taiyuan
HFE|CN|31.99|116.98|Hefei
SJW|CN|38.28|114.70|Shijiazhuang
URC|CN|43.91|87.47|Ürümqi
FUO|CN|23.08|113.07|Foshan
JXG|CN|30.75|120.76|Jiaxing
HYN|CN|28.56|121.43|Taizhou
BOM|IN|19.09|72.87|Mumbai
DEL|IN|28.56|77.10|New Delhi
MAA|IN|12.99|80.17|Chennai
BLR|IN|13.20|77.71|Bangalore
HYD|IN|17.24|78.43|Hyderabad
CCU|IN|22.65|88.45|Kolkata
AMD|IN|23.07|72.63|Ahmedabad
COK|IN|10.15|76.40|Kochi
NAG|IN|21.09|79.05|Nagpur
PAT|IN|25.59|85.09|Patna
BBI|IN|20.24|85.82|Bhubaneswar
IXC|IN|30.67|76.79|Chandigarh
KNU|IN|26.40|80.41|Kanpur
LKO|IN|26.76|80.89|Lucknow
PNQ|IN|18.58|73.92|Pune
GAU|IN|26.11|91.59|Guwahati
DAC|BD|23.84|90.40|Dhaka
CGP|BD|22.25|91.81|Chittagong
JSR|BD|23.18|89.16|Jashore
KTM|NP|27.70|85.36|Kathmandu
CMB|LK|7.18|79.88|Colombo
MLE|MV|4.19|73.53|Malé
ISB|PK|33.55|72.83|Islamabad
KHI|PK|24.91|67.16|Karachi
LHE|PK|31.52|74.40|Lahore
PBH|BT|27.40|89.42|Thimphu
KBL|AF|34.57|69.21|Kabul
ALA|KZ|43.35|77.04|Almaty
NQZ|KZ|51.02|71.47|Astana
TAS|UZ|41.26|69.28|Tashkent
FRU|KG|43.06|74.48|Bishkek
DYU|TJ|38.54|68.83|Dushanbe
ASB|TM|37.99|58.36|Ashgabat
SYD|AU|-33.95|151.18|Sydney
MEL|AU|-37.67|144.84|Melbourne
BNE|AU|-27.38|153.12|Brisbane
PER|AU|-31.94|115.97|Perth
ADL|AU|-34.95|138.53|Adelaide
CBR|AU|-35.31|149.19|Canberra
HBA|AU|-42.84|147.51|Hobart
AKL|NZ|-37.01|174.79|Auckland
CHC|NZ|-43.49|172.53|Christchurch
NOU|NC|-22.01|166.21|Nouméa
PPT|PF|-17.55|-149.61|Papeete
NAN|FJ|-17.76|177.44|Nadi
POM|PG|-9.44|147.22|Port Moresby`;

function parseRows(rows: string): ReadonlyMap<string, ColoInfo> {
  const map = new Map<string, ColoInfo>();
  for (const line of rows.split('\n')) {
    const [code, country, latitude, longitude, city] = line.split('|');
    if (code === undefined || country === undefined || city === undefined || map.has(code)) {
      throw new Error(`bad colo row ${line}`);
    }
    map.set(code, { latitude: Number(latitude), longitude: Number(longitude), country, city });
  }
  return map;
}

/** Edge colos by uppercase IATA code. */
export const COLOS: ReadonlyMap<string, ColoInfo> = parseRows(ROWS);

/** The colo for a `request.cf.colo` value (case-insensitive), if edgesteer knows it. */
export function coloInfo(code: string): ColoInfo | undefined {
  return COLOS.get(code.toUpperCase());
}
