"""Word lists for the offline engine: titles, cue words and stop words.

Small on purpose: the lists cover what news prose names most often, and the rules in
``_names`` handle the rest from capitalization and context. Countries, bodies, groups,
nationality words, places and given names are shared with the rest of briefer in
:mod:`briefer.lexicon`.
"""

from __future__ import annotations

from typing import Final

from briefer.lexicon import DEMONYMS, GIVEN_NAMES, KNOWN, PLACES, KnownKind

__all__ = [
    "ABBREVIATIONS",
    "COMPANY_CUES",
    "CONNECTORS",
    "DEMONYMS",
    "EMPLOYER_NOUNS",
    "GIVEN_NAMES",
    "GROUP_CUES",
    "HONORIFICS",
    "KINSHIP_NOUNS",
    "NOT_ACTORS",
    "KNOWN",
    "NON_ACTOR_TAILS",
    "ORG_CUES",
    "PLACE_HEADS",
    "POSTNOMINALS",
    "PLACE_WORDS",
    "PLACES",
    "PRONOUNS",
    "ROLE_NOUNS",
    "SPEECH_VERBS",
    "STOP_CAPS",
    "THING_HEADS",
    "TITLES",
    "UNNAMED_NOUNS",
    "KnownKind",
]


def _words(block: str) -> frozenset[str]:
    return frozenset(block.split())


PLACE_WORDS: Final[frozenset[str]] = _words("""
Sea Ocean River Strait Gulf Bay Lake Island Islands Peninsula Mountains Valley Desert
Street Avenue Square Road City County Province Region Oblast District Coast Canal Port
Park Stadium Arena Pavilion Gardens Bridge Station Airport Harbour Harbor Hill Heights House
""")
"""A capitalized run ending with one of these names a place."""

PLACE_HEADS: Final[frozenset[str]] = _words("River Lake Mount Mt. Fort Cape Port Loch County Co")
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
Academy Tribe Tribes Nation Band Clan Division Unit Department Directorate Institute Radio
Television Broadcasting Archive Archives
""")
"""A capitalized run containing one of these names an organization."""

COMPANY_CUES: Final[frozenset[str]] = _words("""
Bank Foods Air Airways Semiconductor Pharmaceuticals Media Insurance Energy Shipping Buses
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

HONORIFICS: Final[frozenset[str]] = _words(
    "Mr. Mrs. Ms. Miss Mx. Dr. Prof. Sir Dame Mr Mrs Ms Mx Dr Prof Lord Lady Baroness Rev"
    " Alhaji Alhaja Hajia Mallam Madam Mdm"
)

POSTNOMINALS: Final[frozenset[str]] = _words("KC QC SC MP MEP MSP MLA TD MBE OBE CBE KBE DBE PhD")
"""Letters after a name that are not part of it ("Fiona Adeyinka KC", "Jane Doe MP")."""

TITLES: Final[frozenset[str]] = HONORIFICS | _words("""
President Vice-President Prime Minister Secretary Secretary-General Chancellor King Queen Prince
Princess Pope Senator Sen. Rep. Representative Congressman Congresswoman Governor Gov. Mayor
General Gen. Admiral Adm. Colonel Col. Lieutenant Lt. Major Maj. Captain Capt. Sergeant Sgt.
Commander Cmdr. Marshal Chief Director Director-General Ambassador Envoy Spokesperson
Spokesman Spokeswoman Chairman Chairwoman Chair CEO CFO Judge Justice Professor Rev. Bishop
Archbishop Cardinal Sheikh Emir Sultan Speaker Leader Commissioner Attorney Premier
Councillor Councilor Councilman Councilwoman Alderman Manager Coach Superintendent Detective
C.E.O. C.F.O. C.O.O. COO CTO Democrat Republican MP MEP MSP
Inspector Constable Cllr Grandmaster Headteacher Headmaster Headmistress Rabbi Imam Pastor
Patriarch Metropolitan Ayatollah Lord Baroness Baron Magistrate Sheriff Marshal Trooper Officer
Prosecutor Deputy Treasurer Auditor Comptroller Ombudsman Registrar Chairperson President-elect
MEC
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
coordinator supervisor inspector commissioner member chairperson goalkeeper keeper striker
midfielder defender winger substitute captain
""")
"""Lowercase nouns that make the words before a name a role ("military analyst Rob Lee")."""

KINSHIP_NOUNS: Final[frozenset[str]] = _words("""
daughter son wife husband father mother brother sister partner grandmother grandfather uncle
aunt cousin niece nephew widow widower fiancee fiance girlfriend boyfriend stepfather
stepmother
""")
"""Family words that make the word after them a person's name ("His daughter Anjali")."""

NOT_ACTORS: Final[frozenset[str]] = _words("""
DNA RNA CCTV GDP CEO CFO COO CTO TV AI HIV AIDS COVID PDF GPS SUV ATM IPO VAT OK PM AM MP MPs
LGBT LGBTQ NGO NGOs UTC GMT BST EST PST FAQ PR ID IQ NB PS USB CD DVD TB MRI CT ICU ER
""")
"""Capitalized abbreviations that name no actor ("DNA", "CCTV", "GDP")."""

GROUP_CUES: Final[frozenset[str]] = _words("Tribe Tribes Nation Band Clan")
"""A capitalized run containing one of these names a people or community (kind group)."""

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
think-tank agency fund union federation association station broadcaster channel network
insurer promoter party movement alliance coalition organisation organization
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

SPEECH_VERBS: Final[frozenset[str]] = frozenset(
    """said says stated states told tells added adds warned warns explained explains noted notes
    argued argues wrote writes asked asks insisted insists emphasized emphasised emphasizes stressed
    stresses cautioned cautions acknowledged acknowledges recalled recalls predicted predicts
    declared declares announced announces claimed claims observed observes commented comments
    remarked remarks continued continues replied replies responded responds tweeted posted conceded
    concedes admitted admits suggested suggests agreed agrees countered counters concluded
    concludes urged urges maintained maintains contended contends recounted recounts stating
    saying adding warning noting writing arguing explaining telling emphasizing emphasising
    stressing cautioning insisting declaring asking tweeting posting urging concluding
    acknowledging reports described describes""".split()
)
"""Verbs that attribute a quotation ("said", "told", "warned"...)."""
