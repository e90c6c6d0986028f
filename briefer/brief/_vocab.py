"""Word lists for finding an article's facts (:mod:`briefer.brief._facts`).

Folded (lowercase, no accents). Generic name words are the part of a name that says what kind
of thing it is ("Westbrook City Council", "Judge Catherine Moss", "Riverside Park"): two
different councils, judges or parks share them, so they are no evidence of one event.
"""

from __future__ import annotations

from typing import Final

from briefer.words import MONTH_NUMBERS

GENERIC_NAME_WORDS: Final = frozenset(
    """
    academy administration advisory agency air airline airlines airport airways albion
    alliance appeal appeals arena army assembly association athletic authority avenue award
    awards bank board borough bridge brigade bulletin bureau cabinet canal capital captain
    cathedral center centre ceo cfo chairman chairwoman chamber championship chancellor
    chief church circuit city civic club co coach college commander commission commissioner
    committee community company congress conservative conservatives constable coo corp
    corporation council councillor councilman councilor councilwoman county court crown cup
    daily dame democrat democratic democrats department deputy detective director district
    division doctor dr drive east eastern editor electric energy estate executive federal
    federation festival finance financial fire first force forces foundation fund gazette
    general government governor grade grand green group guard hall head health herald high
    highway hill holdings hospital hotel hour hours house ii iii inc independent industries
    infirmary inspector institute insurance international iv journal judge junior justice
    king kingdom labor labour lady lake lane leader league liberal limited line llc lord ltd
    magistrates main manager market mayor media medical memorial metropolitan minister
    ministry minute minutes miss mount mr mrs ms museum national navy network new news north
    northern office officer official online open opposition park parliament partners party
    place plc police port post premier president press prime prince princess professor
    prosecutor province public queen radio railway rangers regional republic republican
    republicans rescue research reserve review river road rovers royal saint school second
    seconds secretary security senate senator senior service services sheriff sir society
    south southern square st stadium standard state station statistics street summit
    superintendent supreme systems team technology telegraph television the times today
    tower town trade treasury tribunal trust union united university valley village
    wanderers ward west western wire world
    """.split()
)
"""Words that name a kind of thing, not the thing: left out of an article's name facts."""

PERSON_TITLES: Final = frozenset(
    """
    admiral ambassador archbishop bishop captain chair chairman chairwoman chancellor chief
    coach colonel commander commissioner constable councillor councilman councilor
    councilwoman dame deputy detective director doctor dr editor envoy executive father
    general governor inspector judge justice king lady leader lieutenant lord manager
    mayor minister miss mr mrs ms officer premier president prince princess professor
    prosecutor queen secretary senator sergeant sheriff sir spokesman spokeswoman
    superintendent
    """.split()
)
"""Words that put a person's name after them ("Defence Minister Troels Lund Poulsen")."""

SPEECH_VERBS: Final = frozenset("said says told added wrote asked".split())
"""Words that put a person's name next to them ("said Mette Skov", "Skov said")."""

ORGANIZATION_HEADS: Final = frozenset(
    """
    administration agency association authority board bureau center centre college
    commission committee corporation council court department federation foundation fund
    headquarters institute league ministry office organisation organization party
    service survey trust union university
    """.split()
)
"""Last words of names that are known by their initials ("Securities and Exchange Commission")."""

MONTHS: Final[dict[str, int]] = MONTH_NUMBERS
"""Month names and their usual abbreviations -> month number."""

NUMBER_WORDS: Final[dict[str, int]] = {
    word: value
    for value, word in enumerate(
        """
        zero one two three four five six seven eight nine ten eleven twelve thirteen
        fourteen fifteen sixteen seventeen eighteen nineteen
        """.split()
    )
} | {
    word: 10 * (i + 2)
    for i, word in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split())
}
"""Number words that make a number alone or with a tens word ("sixty-two")."""

SCALE_WORDS: Final[dict[str, int]] = {
    "hundred": 100,
    "thousand": 1_000,
    "million": 1_000_000,
    "billion": 1_000_000_000,
}
"""Words that multiply the number before them ("nineteen hundred", "sixty-two million")."""

DEMONYMS: Final[dict[str, str]] = {
    "Algerian": "Algeria", "Argentine": "Argentina", "Argentinian": "Argentina",
    "Austrian": "Austria", "Bangladeshi": "Bangladesh", "Belgian": "Belgium",
    "Bolivian": "Bolivia", "Bosnian": "Bosnia and Herzegovina", "Bulgarian": "Bulgaria",
    "Cambodian": "Cambodia", "Cameroonian": "Cameroon", "Chilean": "Chile",
    "Colombian": "Colombia", "Congolese": "Congo", "Croatian": "Croatia", "Cuban": "Cuba",
    "Cypriot": "Cyprus", "Czech": "Czech Republic", "Danish": "Denmark", "Dane": "Denmark",
    "Ecuadorian": "Ecuador", "Emirati": "United Arab Emirates", "Estonian": "Estonia",
    "Ethiopian": "Ethiopia", "Ghanaian": "Ghana", "Guatemalan": "Guatemala",
    "Haitian": "Haiti", "Icelandic": "Iceland", "Irish": "Ireland", "Ivorian": "Ivory Coast",
    "Jamaican": "Jamaica", "Jordanian": "Jordan", "Kazakh": "Kazakhstan", "Kuwaiti": "Kuwait",
    "Latvian": "Latvia", "Libyan": "Libya", "Lithuanian": "Lithuania", "Malaysian": "Malaysia",
    "Malian": "Mali", "Maltese": "Malta", "Moldovan": "Moldova", "Mongolian": "Mongolia",
    "Moroccan": "Morocco", "Mozambican": "Mozambique", "Nepali": "Nepal", "Nepalese": "Nepal",
    "Nicaraguan": "Nicaragua", "Norwegian": "Norway", "Omani": "Oman", "Panamanian": "Panama",
    "Paraguayan": "Paraguay", "Peruvian": "Peru", "Portuguese": "Portugal", "Qatari": "Qatar",
    "Rwandan": "Rwanda", "Senegalese": "Senegal", "Serbian": "Serbia", "Serb": "Serbia",
    "Singaporean": "Singapore", "Slovak": "Slovakia", "Slovenian": "Slovenia",
    "Somali": "Somalia", "Sudanese": "Sudan", "Swiss": "Switzerland", "Tanzanian": "Tanzania",
    "Thai": "Thailand", "Tunisian": "Tunisia", "Ugandan": "Uganda", "Uruguayan": "Uruguay",
    "Uzbek": "Uzbekistan", "Zambian": "Zambia", "Zimbabwean": "Zimbabwe",
    "Scottish": "Scotland", "Scot": "Scotland", "Welsh": "Wales", "English": "England",
}  # fmt: skip
"""Nationality words the shared lexicon lacks -> the place they name (a country of its list
where it has one)."""

US_STATES: Final[dict[str, str]] = {
    "ala": "Alabama", "ariz": "Arizona", "ark": "Arkansas", "calif": "California",
    "colo": "Colorado", "conn": "Connecticut", "fla": "Florida",
    "ga": "Georgia", "ill": "Illinois", "ind": "Indiana", "kan": "Kansas", "ky": "Kentucky",
    "md": "Maryland", "mass": "Massachusetts", "mich": "Michigan",
    "minn": "Minnesota", "mo": "Missouri", "mont": "Montana",
    "neb": "Nebraska", "nev": "Nevada", "n.h": "New Hampshire", "n.j": "New Jersey",
    "n.m": "New Mexico", "n.y": "New York", "n.c": "North Carolina", "n.d": "North Dakota",
    "okla": "Oklahoma", "ore": "Oregon", "pa": "Pennsylvania", "r.i": "Rhode Island",
    "s.c": "South Carolina", "s.d": "South Dakota", "tenn": "Tennessee", "vt": "Vermont",
    "va": "Virginia", "wash": "Washington", "w.va": "West Virginia", "wis": "Wisconsin",
    "wyo": "Wyoming",
}  # fmt: skip
"""AP-style abbreviations of US states (written with a period: "Dunmere, Pa.")."""

GIVEN_NAMES: Final = frozenset(
    """
    aaron abdul abena abigail ada adam adaeze adrian agnes ahmed aidan aisha alan alana
    albert alberto alejandro alena alex alexander alexandra alfie ali alice alicia alison
    amanda amara amber amelia amina amir amy ana andre andrea andrew andy angela angus anita
    ann anna anne annelies anthony antonio arjun arne arthur ashley asif audrey ava barbara
    barry beatrice ben benjamin bernard beth bethany betty bianca billy blessing boris brad
    bradley brenda brendan brian bridget brigid bruce bryan callum calvin camila cameron
    carl carla carlos carmen carol caroline carrie catherine cecilia charles charlie
    charlotte chen chloe chris christian christina christine christopher claire clara
    claudia colin connor conor craig cristina dafydd daisy dale dan dana daniel daniela
    danny darren david dawn dean debbie deborah declan deepak denise dennis derek diana
    diane diego dmitri dmitry dominic donald donna doris dorothy douglas duncan dylan eamon
    edith edward eileen elaine eleanor elena eli elias elijah elin elise elizabeth ella
    ellen ellie elliot emily emma emmanuel eric erik erin ethan eugene eva evan evelyn
    fatima felix fernando finn fiona florence frances francesca francis frank fraser freja
    freya gabriel gabriela gareth garry gary gavin gemma geoff geoffrey george georgia
    gerald gethin gillian giovanni giulia gordon grace graham grant greg gregory gwen
    hamza hannah harold harriet harry harvey hassan heather hector heidi helen helena henry
    hiroshi howard hugh hugo hussein iain ian ibrahim igor imogen ines ingrid irene isaac
    isabel isabella isabelle ivan jack jackie jacob jade jake james jamie jan jane janet
    janice jason javier jay jean jeff jeffrey jenna jennifer jenny jeremy jerome jessica
    jill jim jimmy joan joanna joanne joe joel johan john johnny jon jonah jonathan jordan
    jorge jose joseph josh joshua joy joyce juan judith judy julia julian julie justin
    kamal karen kari karim karl kate katherine kathleen kathryn katie kay keith kelly ken
    kenneth kerry kevin khalid kieran kim kirsty kofi kurt kwabena kwame kyle lara larry
    lars laura lauren lee leila lena leo leon leonard lesley leslie lewis liam lily linda
    lindsay lisa liz lorraine louis louise lucas lucia lucy luis luke lydia lynn madeleine
    maggie malcolm marc marcus margaret maria marian marie marina mario marion marjorie
    mark marta martha martin mary mathis matt matthew maureen max maya megan mehmet mei
    melanie melissa mia michael michaela michelle miguel mike mikhail mohamed mohammed
    moira monica morgan muhammad nadia nancy naomi natalia natalie nathan neil nicholas
    nick nicola nicole nigel nikolai nina noah noel nora norman oksana olga oliver olivia
    omar oscar owen pablo pamela patricia patrick paul paula pauline pedro peggy penelope
    penny pete peter petra philip philippa phoebe pierre piotr priya rachel rafael rahul
    raj ralph ramon randy raphael ray raymond rebecca reece rhys ricardo richard ricky rob
    robert roberta roberto robin rodney roger roland ron ronald rory rosa rosemary ross
    roy ruben rui rupert russell ruth ryan sadiq sally samantha samir samuel sandra sara
    sarah scott sean sebastian sergei sergey shane shaun sheila shirley simon sofia sophie
    stacey stanley stella stephanie stephen steve steven stuart sunita susan suzanne sylvia
    tamara tanya tariq ted teresa terry theo thomas tim timothy tina toby todd tom tomas
    tommy tony tracy trevor tyrone valentina vanessa vera veronica victor victoria vikram
    vincent viktor vivian vladimir walter wayne wendy william yasmin yuki yusuf yvonne zara
    zoe
    """.split()
)
"""Common given names, folded: with the shared lexicon's, they tell "Shaun Marsden" (a
person, known as Marsden) from "Porto Verde" (a club, two name words)."""
