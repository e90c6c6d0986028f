"""Word lists for the offline engine: countries, bodies, titles, cue words and stop words.

Small on purpose: the lists cover what news prose names most often, and the rules in
``offline_names`` handle the rest from capitalization and context.
"""

from __future__ import annotations

from typing import Final, Literal

__all__ = [
    "ABBREVIATIONS",
    "COMPANY_CUES",
    "CONNECTORS",
    "DEMONYMS",
    "EMPLOYER_NOUNS",
    "GIVEN_NAMES",
    "HONORIFICS",
    "KNOWN",
    "NON_ACTOR_TAILS",
    "ORG_CUES",
    "PLACE_HEADS",
    "PLACE_WORDS",
    "PLACES",
    "PRONOUNS",
    "ROLE_NOUNS",
    "STOP_CAPS",
    "THING_HEADS",
    "TITLES",
    "UNNAMED_NOUNS",
    "KnownKind",
]

KnownKind = Literal["country", "organization", "group"]


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


def _lines(block: str) -> list[str]:
    return [line.strip() for line in block.strip().splitlines() if line.strip()]


# One country per line: the name to show first, then aliases after "|".
_COUNTRIES = """
United States|U.S.|US|U.S.A.|USA|America|United States of America
United Kingdom|U.K.|UK|Britain|Great Britain
Russia|Russian Federation
China|People's Republic of China|PRC
North Korea|DPRK
South Korea|Republic of Korea
Ukraine
Afghanistan
Albania
Algeria
Angola
Argentina
Armenia
Australia
Austria
Azerbaijan
Bahrain
Bangladesh
Belarus
Belgium
Bolivia
Bosnia and Herzegovina|Bosnia
Brazil
Bulgaria
Cambodia
Cameroon
Canada
Chile
Colombia
Congo|Democratic Republic of Congo|DRC
Costa Rica
Croatia
Cuba
Cyprus
Czech Republic|Czechia
Denmark
Ecuador
Egypt
El Salvador
Estonia
Ethiopia
Finland
France
Georgia
Germany
Ghana
Greece
Guatemala
Haiti
Honduras
Hungary
Iceland
India
Indonesia
Iran
Iraq
Ireland
Israel
Italy
Ivory Coast
Jamaica
Japan
Jordan
Kazakhstan
Kenya
Kosovo
Kuwait
Kyrgyzstan
Laos
Latvia
Lebanon
Libya
Lithuania
Luxembourg
Malaysia
Mali
Malta
Mexico
Moldova
Mongolia
Montenegro
Morocco
Mozambique
Myanmar|Burma
Nepal
Netherlands
New Zealand
Nicaragua
Niger
Nigeria
North Macedonia
Norway
Oman
Pakistan
Palestine
Panama
Paraguay
Peru
Philippines
Poland
Portugal
Qatar
Romania
Rwanda
Saudi Arabia
Senegal
Serbia
Singapore
Slovakia
Slovenia
Somalia
South Africa
South Sudan
Spain
Sri Lanka
Sudan
Sweden
Switzerland
Syria
Taiwan
Tajikistan
Tanzania
Thailand
Tunisia
Turkey|Turkiye
Turkmenistan
Uganda
United Arab Emirates|UAE
Uruguay
Uzbekistan
Venezuela
Vietnam
Yemen
Zambia
Zimbabwe
Malawi
Botswana
Namibia
Madagascar
Burundi
Benin
Togo
Chad
Gabon
Guinea
Liberia
Sierra Leone
Mauritania
Eritrea
Djibouti
Bhutan
Brunei
Maldives
Fiji
Papua New Guinea
Dominican Republic
Trinidad and Tobago
Bahamas
Barbados
Belize
Monaco
Liechtenstein
Andorra
Vatican|Holy See
Eswatini
Burkina Faso
"""

_BODIES = """
United Nations|UN|U.N.
NATO|North Atlantic Treaty Organization
European Union|EU|E.U.
International Monetary Fund|IMF
World Bank
World Health Organization|WHO
World Trade Organization|WTO
International Atomic Energy Agency|IAEA
International Criminal Court|ICC
International Court of Justice|ICJ
OPEC|Organization of the Petroleum Exporting Countries
ASEAN|Association of Southeast Asian Nations
African Union
G7|G-7|Group of Seven
G20|G-20|Group of 20
UNICEF
UNHCR
UNESCO
OECD
OSCE
Red Cross
Médecins Sans Frontières|Doctors Without Borders|MSF
European Commission
European Central Bank|ECB
Federal Reserve
Pentagon
Kremlin
White House
State Department
Congress
Senate
Parliament
FBI
CIA
NASA
Reuters
Associated Press|AP
"""

_GROUPS = """
Hamas
Hezbollah
Taliban
Houthis|Houthi
Islamic State|ISIS|ISIL
al-Qaeda|al-Qaida|Al Qaeda
Wagner Group|Wagner
Republicans
Democrats
"""


def _known() -> dict[str, tuple[str, KnownKind]]:
    table: dict[str, tuple[str, KnownKind]] = {}
    blocks: list[tuple[str, KnownKind]] = [
        (_COUNTRIES, "country"),
        (_BODIES, "organization"),
        (_GROUPS, "group"),
    ]
    for block, kind in blocks:
        for line in _lines(block):
            names = line.split("|")
            for alias in names:
                table[alias] = (names[0], kind)
    return table


KNOWN: Final[dict[str, tuple[str, KnownKind]]] = _known()
"""Surface form -> (canonical name, kind). Keys are case-sensitive: "US" is not "us"."""

_DEMONYMS = """
American=United States
British=United Kingdom
Russian=Russia
Chinese=China
North Korean=North Korea
South Korean=South Korea
Ukrainian=Ukraine
Iranian=Iran
Israeli=Israel
Palestinian=Palestine
French=France
German=Germany
Italian=Italy
Spanish=Spain
Polish=Poland
Japanese=Japan
Indian=India
Pakistani=Pakistan
Turkish=Turkey
Syrian=Syria
Iraqi=Iraq
Afghan=Afghanistan
Saudi=Saudi Arabia
Egyptian=Egypt
Canadian=Canada
Mexican=Mexico
Brazilian=Brazil
Australian=Australia
Belarusian=Belarus
Taiwanese=Taiwan
Venezuelan=Venezuela
Lebanese=Lebanon
Yemeni=Yemen
Kenyan=Kenya
Nigerian=Nigeria
Swedish=Sweden
Finnish=Finland
Dutch=Netherlands
Greek=Greece
Hungarian=Hungary
Romanian=Romania
Georgian=Georgia
Armenian=Armenia
Vietnamese=Vietnam
Filipino=Philippines
Indonesian=Indonesia
European=European Union
Soviet=
Western=
Arab=
Kurdish=
Islamic=
Muslim=
Christian=
Jewish=
"""

DEMONYMS: Final[dict[str, str]] = dict(line.split("=", 1) for line in _lines(_DEMONYMS))
"""Nationality adjective -> country it counts as a mention of ("" when it names none)."""

PLACES: Final[frozenset[str]] = frozenset(
    _lines("""
New York
Los Angeles
San Francisco
Hong Kong
Tel Aviv
New Delhi
Buenos Aires
Mexico City
Abu Dhabi
Cape Town
Middle East
Gaza Strip
West Bank
Capitol Hill
Silicon Valley
Wall Street
Latin America
South America
North America
Southeast Asia
East Asia
Central Asia
Washington
Beijing
Moscow
Kyiv
Kiev
London
Paris
Berlin
Brussels
Tokyo
Seoul
Pyongyang
Tehran
Jerusalem
Gaza
Geneva
Davos
Kharkiv
Odesa
Donetsk
Luhansk
Crimea
Donbas
Bakhmut
Avdiivka
Zaporizhzhia
Kursk
Europe
Asia
Africa
Arctic
Atlantic
Pacific
""")
)
"""Places that are not actors in themselves."""

PLACE_WORDS: Final[frozenset[str]] = _words("""
Sea Ocean River Strait Gulf Bay Lake Island Islands Peninsula Mountains Valley Desert
Street Avenue Square Road City County Province Region Oblast District Coast Canal Port
Park Stadium Arena Pavilion Gardens Bridge Station Airport Harbour Harbor Hill Heights
""")
"""A capitalized run ending with one of these names a place."""

PLACE_HEADS: Final[frozenset[str]] = _words("River Lake Mount Mt. Fort Cape Port Loch")
"""A capitalized run opening with one of these names a place ("River Wend", "Port Calder")."""

THING_HEADS: Final[frozenset[str]] = _words("Storm Hurricane Typhoon Cyclone Tropical Operation")
"""A capitalized run opening with one of these names a storm or an operation, not an actor."""

ORG_CUES: Final[frozenset[str]] = _words("""
Center Centre Institute Institution Ministry University College School Academy Agency Council
Party Inc. Inc Corp. Corp Corporation Company Co. Ltd. Ltd LLC Group Bank Fund Foundation
Association Federation Union Committee Commission Department Office Bureau Board Authority
Court Service Services Organization Organisation Society Forum Alliance League Coalition
Movement Front Army Navy Force Forces Police Guard Guards Parliament Congress Senate Assembly
Cabinet Museum Hospital Laboratory Laboratories Lab Network Times Post Journal News Press
Agency Administration Command Fleet Brigade Battalion Regiment Corps Exchange Reserve
Partners Holdings Technologies Systems Motors Airlines Energy Trust Program Programme
Initiative Observatory Watch Tribunal Legislature Capital Secretariat Mission Embassy Consulate
Government Headquarters HQ Library Club Labs Clinic Studios Orchestra Gallery Theatre
Theater Polytechnic Athletic Albion Rovers Wanderers FC AFC Town United Water Utilities
""")
"""A capitalized run containing one of these names an organization."""

COMPANY_CUES: Final[frozenset[str]] = _words("""
Inc. Inc Corp. Corp Corporation Company Co. Ltd. Ltd LLC Group Holdings Motors Airlines
Technologies Systems Partners Capital Labs Club Athletic Albion Rovers Wanderers FC AFC Town
United Water
""")
"""Cue words of companies and clubs, which papers also call by their first word ("Toyota",
"Kingsmere" for "Kingsmere Town")."""

NON_ACTOR_TAILS: Final[frozenset[str]] = _words("""
War Day Act Agreement Treaty Accord Accords Summit Conference Olympics Cup Games Prize Award
Plan Deal Law Bill Index Report Review Doctrine Declaration Protocol Convention Charter
Festival Week Year Era Amendment
Age Revolution Crisis Pandemic Operation Strategy Budget Dollar Euro
Telescope Marathon Slam Open Championship Championships Tournament Final Prix Series
""")
"""A capitalized run ending with one of these names an event, law or thing, not an actor."""

HONORIFICS: Final[frozenset[str]] = _words("Mr. Mrs. Ms. Miss Mx. Dr. Prof. Sir Dame")

TITLES: Final[frozenset[str]] = HONORIFICS | _words("""
President Vice-President Prime Minister Secretary Secretary-General Chancellor King Queen Prince
Princess Pope Senator Sen. Rep. Representative Congressman Congresswoman Governor Gov. Mayor
General Gen. Admiral Adm. Colonel Col. Lieutenant Lt. Major Maj. Captain Capt. Sergeant Sgt.
Commander Cmdr. Marshal Chief Director Director-General Ambassador Envoy Spokesperson
Spokesman Spokeswoman Chairman Chairwoman Chair CEO CFO Judge Justice Professor Rev. Bishop
Archbishop Cardinal Sheikh Emir Sultan Speaker Leader Commissioner Attorney Premier
Councillor Councilor Councilman Councilwoman Alderman Manager Coach Superintendent Detective
Inspector Constable
""")
"""Capitalized words that introduce a name as its title ("NATO Secretary-General Jens ...")."""

# Words that only describe the title itself: they go in the role, never make a name.
CONNECTORS: Final[frozenset[str]] = _words("of for and the de del der van von da dos du la le &")

ABBREVIATIONS: Final[frozenset[str]] = _words("""
Mr Mrs Ms Mx Dr Prof Gen Sen Rep Gov Lt Col Maj Capt Sgt Adm Cmdr Rev Jr Sr St Inc Corp Co Ltd
No Mt Ft
""")

ROLE_NOUNS: Final[frozenset[str]] = _words("""
analyst analysts commentator economist expert professor researcher scientist official
spokesperson spokesman spokeswoman director lawyer attorney historian strategist adviser advisor
correspondent journalist reporter author fellow minister president executive chief head leader
commander general officer diplomat ambassador envoy lawmaker senator legislator activist doctor
physician epidemiologist virologist engineer founder chairman chairwoman chair ceo scholar
lecturer teacher farmer resident owner manager consultant negotiator prosecutor judge coach
candidate mayor governor secretary spokesman administrator representative partner specialist
economist investor trader strategist editor columnist blogger pilot nurse surgeon veteran
organizer organiser campaigner chemist physicist biologist ecologist climatologist meteorologist
demographer pollster psychologist sociologist lecturer dean provost principal researcher
coordinator supervisor inspector commissioner
""")
"""Lowercase nouns that make the words before a name a role ("military analyst Rob Lee")."""

UNNAMED_NOUNS: Final[frozenset[str]] = _words("""
official officials source sources spokesperson spokesman spokeswoman aide aides diplomat
diplomats person people insider insiders officer officers statement representative member
members employee employees analyst analysts expert experts resident residents witness witnesses
""")
"""Nouns that, as the subject of "said", make the speaker someone the article does not name."""

EMPLOYER_NOUNS: Final[frozenset[str]] = _words("""
consultancy firm company bank lender insurer broker group charity retailer chain startup
start-up manufacturer maker carrier airline publisher broadcaster newspaper outlet regulator
watchdog utility supplier operator developer club laboratory lab university institute
think-tank agency fund
""")
"""Lowercase nouns that make the capitalized name right after them an organization
("consultancy Elbe Insights")."""

PRONOUNS: Final[frozenset[str]] = _words("he she He She")

# Capitalized at the start of a sentence without naming anything.
STOP_CAPS: Final[frozenset[str]] = _words("""
A An The This That These Those It Its In On At By For From With Without Of To As Into Over Under
After Before During Since Until While When Where Why How What Which Who Whom Whose If Unless
Although Though Because But And Or Nor So Yet Also However Moreover Meanwhile Furthermore
Nevertheless Nonetheless Still Indeed Instead Thus Therefore Hence Firstly Secondly Thirdly
Finally Lastly First Second Third Next Then Now Today Yesterday Tomorrow Tonight Last Earlier
Later Recently Previously Currently Already Overall Ultimately Additionally Similarly Likewise
Conversely Consequently Despite Amid Among Against Across Around Through Throughout Beyond Such
Some Many Most Several Few All Both Each Every Any No Not None Other Another One Two Three
Experts Officials Analysts Critics Observers Residents Sources Researchers Scientists Leaders
Supporters Opponents People Others Diplomats Parents Authors Investors Everyone Nobody Here There
We I You He She They Our My Your
His Her Their Us Him Them Me Let Do Does Did Is Are Was Were Be Been Has Have Had Will Would
Can Could May Might Must Should Shall Yes Please Dear Asked Speaking Writing According Even Just
Only Perhaps Maybe Despite Given Regardless Following Under Across Upon Whether Nor Still Like
Unlike Beside Besides Within Along Toward Towards Near About Above Below Between Including
Summary Conclusion Breaking Update Updated Editor Photo Source Read More Related
January February March April May June July August September October November December
Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Wed Thu Fri Sat Sun
Jan. Feb. Mar. Apr. Aug. Sept. Sep. Oct. Nov. Dec.
""")

GIVEN_NAMES: Final[frozenset[str]] = _words("""
Aaron Adam Ahmed Alan Alex Alexander Alexei Ali Alice Amina Amy Ana Andrea Andrew Andrii Angela
Anna Anne Antony Anthony Antonio Ben Benjamin Bernard Bill Bob Boris Brian Carlos Carmen Catherine
Charles Chen Chris Christine Christopher Claire Daniel David Diana Dmitry Donald Elena Elizabeth
Emily Emma Emmanuel Eric Fatima Francisco Frank Gabriel George Hannah Hans Hassan Helen Henry
Hiroshi Ian Igor Ivan Jack James Jane Janet Javier Jean Jennifer Jens Jessica Jim Joe John
Jonathan Jose Joseph Juan Julia Karen Kate Keir Kevin Kim Kurt Laura Lee Leila Liam Linda Lisa
Liu Luis Maria Mark Marco Martin Mary Matthew Michael Michelle Miguel Mohammed Muhammad Nancy
Natalia Nicholas Nina Olaf Olena Olga Oleksandr Omar Pablo Patrick Paul Peter Philip Pierre
Priya Rachel Rahul Raj Rebecca Richard Rishi Rob Robert Roger Rustem Ryan Sam Samuel Sarah Sergei
Sergey Simon Sophie Stephen Steven Susan Thomas Tom Valentina Victor Viktor Vladimir Volodymyr
Wang William Xi Yuki Yusuf Zhang Ursula Olivia Noah Lucas Mateo Sofia Isabella Ahmad Yasmin
Mehmet Kofi Amara Chidi Ngozi Aisha Tariq Farah Priyanka Arjun Kenji Haruto Min Ji Hyun
""")
"""Common given names: a run that starts with one is a person."""
