"""A deterministic corpus of varied, news-like articles for the benchmarks.

No public-domain prose package that ships its text inside the wheel turned up, so the
articles are generated: sentence templates filled from word lists with a fixed seed. They
have what matters to a chunker and a summarizer: headlines and bylines, paragraphs of 1-6
sentences, abbreviations ("Dr.", "U.S."), numbers and money, direct quotations with
attribution, questions, the odd long list paragraph, and no two paragraphs alike.

The corpus is cached as JSON under bench/.corpus/ (gitignored); the same seed gives the same
bytes on every machine.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

CORPUS_DIR = Path(__file__).resolve().parent / ".corpus"
SEED = 20240601

FIRST = (
    "Amara Ana Beatriz Carlos Chen Daniel Dmitri Elena Fatima Felix Grace Hannah Hiroshi Ines "
    "Ivan Jamal Jana Jonas Karin Kwame Laila Lars Lucia Mei Miguel Nadia Noah Olga Omar Priya "
    "Rafael Rosa Samuel Sofia Tariq Tomas Yara Yusuf Zainab Anders Bridget Cormac Delphine "
    "Emeka Farida Goran Helga Idris Juliette Kofi Leonie Marek Nkechi Oskar Paloma Quentin"
).split()
LAST = (
    "Abara Almeida Bauer Castillo Chowdhury Dubois Eriksen Fischer Garcia Haddad Ito Jovanovic "
    "Kowalski Larsen Mensah Moreau Nakamura Novak Okafor Petrov Quispe Rahman Rossi Schmidt "
    "Silva Tanaka Ueda Varga Weber Xu Yilmaz Zhang Lindqvist Mwangi Oyelaran Pereira Reyes "
    "Sato Tremblay Underwood Vasquez Whitfield Achterberg Bergstrom Cavanagh Desai Eze Fontaine"
).split()
CITIES = (
    "Lagos Lisbon Nairobi Oslo Manila Lima Hanoi Warsaw Accra Quito Tbilisi Dhaka Valencia "
    "Porto Leeds Montreal Osaka Rotterdam Antwerp Tallinn Krakow Cebu Mombasa Cusco Bergen "
    "Gdansk Kumasi Medellin Brno Gothenburg"
).split()
REGIONS = (
    "the northern province|the coastal region|the capital district|the eastern valley|"
    "the border towns|the river delta|the southern highlands|the industrial belt"
).split("|")
ORGS = (
    "the Ministry of Finance|the central bank|the national statistics office|the port authority|"
    "the regional water board|the Federation of Small Businesses|the teachers' union|"
    "the public health agency|the Supreme Court|the electoral commission|the U.N. refugee agency|"
    "the European Commission|the transport ministry|the city council|the farmers' cooperative|"
    "the Competition Authority|the energy regulator|the nurses' association|Meridian Power Corp.|"
    "Halvorsen Shipping Ltd.|Atlas Semiconductor Inc.|Greenfield Foods Co.|the IMF|the WHO"
).split("|")
UNIS = (
    "the University of Lisbon|Makerere University|the London School of Economics|"
    "Kyoto University|the Institute for Fiscal Studies|the Climate Policy Centre|"
    "the Open Data Institute|the Centre for Urban Research|the National Hospital"
).split("|")
FIELDS = (
    "economics|epidemiology|public policy|climate science|political science|law|"
    "energy systems|transport planning|labour economics|migration studies|marine biology"
).split("|")
TOPICS: dict[str, dict[str, list[str]]] = {
    "economy": {
        "things": "inflation|the budget deficit|wage growth|household debt|exports|the currency|"
        "interest rates|the jobless rate|food prices|rents".split("|"),
        "acts": "raised interest rates|cut its growth forecast|announced a spending review|"
        "froze public-sector hiring|published revised figures|approved a stimulus package|"
        "delayed a tax increase|unveiled a plan to cut energy bills".split("|"),
        "nouns": "economists|retailers|exporters|pension funds|mortgage holders|importers".split(
            "|"
        ),
    },
    "climate": {
        "things": "flooding|the heatwave|sea levels|crop yields|water reserves|emissions|"
        "forest cover|the drought|coastal erosion|air quality".split("|"),
        "acts": "declared a state of emergency|opened three new flood barriers|"
        "banned new coal plants|doubled funding for reforestation|"
        "ordered an inquiry into the river levels|approved a wind farm|"
        "rationed water for farms|evacuated low-lying villages".split("|"),
        "nouns": "farmers|residents|insurers|engineers|fishing crews|scientists".split("|"),
    },
    "health": {
        "things": "waiting lists|the measles outbreak|hospital admissions|vaccine uptake|"
        "drug shortages|staff vacancies|emergency response times|the new clinic".split("|"),
        "acts": "extended opening hours at clinics|launched a vaccination drive|"
        "hired 2,000 nurses|closed two wards|approved a new cancer drug|"
        "published a review of maternity care|capped prescription charges".split("|"),
        "nouns": "doctors|patients|nurses|pharmacists|parents|care workers".split("|"),
    },
    "politics": {
        "things": "the coalition|the reform bill|turnout|the opposition|the constitution|"
        "the snap election|the cabinet reshuffle|campaign spending|the referendum".split("|"),
        "acts": "called a snap election|survived a confidence vote|resigned after six years|"
        "signed a trade agreement|vetoed the reform bill|appointed a new finance minister|"
        "opened talks with the opposition|postponed the local elections".split("|"),
        "nouns": "voters|lawmakers|diplomats|party members|campaigners|observers".split("|"),
    },
    "technology": {
        "things": "chip supplies|data privacy|the outage|broadband coverage|the cyberattack|"
        "online fraud|the new payments system|satellite launches|battery costs".split("|"),
        "acts": "fined the company 40 million euros|opened a new chip plant|"
        "recalled 80,000 devices|suspended the app|released the source code|"
        "restored service after a nine-hour outage|agreed to share user data".split("|"),
        "nouns": "engineers|users|start-ups|regulators|developers|investors".split("|"),
    },
    "transport": {
        "things": "the rail strike|fuel prices|the new metro line|road deaths|flight delays|"
        "bus fares|the bridge repairs|freight volumes|the airport expansion".split("|"),
        "acts": "halted trains on the main line|opened the new metro line|"
        "raised bus fares by 8 percent|grounded part of its fleet|"
        "approved the airport expansion|closed the bridge for repairs".split("|"),
        "nouns": "commuters|drivers|pilots|hauliers|cyclists|passengers".split("|"),
    },
}
DAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
MONTHS = "January February March April May June July August September October".split()
SAY = "said|told reporters|said in a statement|wrote in a report|told a news conference".split("|")
HEDGES = (
    "It was not clear|Officials did not say|It remains unclear|Nobody could say|It is not yet known"
).split("|")


@dataclass(frozen=True)
class GeneratedArticle:
    """One generated article."""

    title: str
    source: str
    text: str


class _Writer:
    """Fills sentence templates; one instance writes one article on one topic."""

    def __init__(self, rng: random.Random, topic: str) -> None:
        self.r = rng
        self.topic = topic
        self.words = TOPICS[topic]
        self.city = rng.choice(CITIES)
        self.people = [self.person() for _ in range(rng.randint(2, 4))]
        self.org = rng.choice(ORGS)

    def pick(self, seq: list[str] | tuple[str, ...]) -> str:
        return self.r.choice(seq)

    def person(self) -> str:
        return f"{self.pick(FIRST)} {self.pick(LAST)}"

    def number(self) -> str:
        r = self.r
        kind = r.randrange(5)
        if kind == 0:
            return f"{r.uniform(0.1, 12):.1f} percent"
        if kind == 1:
            return f"${r.randint(2, 950)} million"
        if kind == 2:
            return f"{r.randint(1, 40)},{r.randint(0, 999):03d} people"
        if kind == 3:
            return f"{r.uniform(1, 9):.1f} billion euros"
        return f"{r.randint(3, 90)} cents"

    def date(self) -> str:
        if self.r.random() < 0.5:
            return f"on {self.pick(DAYS)}"
        return f"on {self.pick(MONTHS)} {self.r.randint(1, 28)}"

    def expert(self) -> str:
        title = self.pick(("Dr.", "Prof.", "Mr.", "Ms.", ""))
        name = f"{title} {self.person()}".strip()
        return f"{name}, who studies {self.pick(FIELDS)} at {self.pick(UNIS)}"

    def sentence(self) -> str:
        r, w = self.r, self.words
        thing, act, noun = self.pick(w["things"]), self.pick(w["acts"]), self.pick(w["nouns"])
        cap = thing[0].upper() + thing[1:]
        org = self.org[0].upper() + self.org[1:]
        templates = [
            f"{org} {act} {self.date()}, citing {thing} in {self.pick(REGIONS)}.",
            f"{cap} rose by {self.number()} over the past year, according to {self.pick(ORGS)}.",
            f"In {self.city}, {noun} said {thing} had changed how they plan for the winter.",
            f"The decision affects about {self.number()}, most of them in {self.pick(REGIONS)}.",
            f"{self.pick(self.people)} said the figures for {thing} were "
            f"{self.pick(('worse', 'better', 'more uneven'))} than expected.",
            f"Critics, including several {noun}, argue that the U.S. approach to {thing} "
            f"offers few lessons for {self.city}.",
            f"Last year the same office spent {self.number()} on {thing}, "
            f"roughly {r.randint(2, 9)} times the amount set aside a decade ago.",
            f'"We are {self.pick(("not", "only just", "finally"))} seeing the effect of {thing},"'
            f" {self.pick(self.people)} {self.pick(SAY)}.",
            f'"{self.pick(("Nobody", "Everyone", "Few of us"))} expected {thing} to move '
            f'this fast," said {self.expert()}. "The next {r.randint(2, 18)} months will tell."',
            f"{self.pick(HEDGES)} whether {self.pick(ORGS)} would respond before the "
            f"{self.pick(('summer', 'end of the year', 'next budget', 'vote'))}.",
            f"Will {thing} ease before {self.pick(MONTHS)}? {noun.capitalize()} in "
            f"{self.city} are not sure.",
            f"According to Dr. {self.pick(LAST)}, the data on {thing} from {self.pick(REGIONS)} "
            f"are incomplete, because {r.randint(3, 40)} of the local offices never reported.",
            f"{self.pick(self.people)}, a spokesperson for {self.pick(ORGS)}, declined to "
            f"comment on {thing}.",
            f"The measure passed by {r.randint(51, 120)} votes to {r.randint(10, 50)} "
            f"{self.date()} after a debate that ran past midnight.",
            f"Some {noun} welcomed the move; others said it came {r.randint(2, 10)} years too "
            f"late (and at {self.number()}, far too cheaply).",
            f"Asked about {thing}, {self.pick(self.people)} {self.pick(SAY)} that "
            f'"there is no quick fix."',
            f"Independent analysts at {self.pick(UNIS)} estimate that {thing} cost "
            f"{self.city} about {self.number()} in {r.randint(2015, 2024)} alone!",
            f"The St. {self.pick(LAST)} district, home to {self.number()}, was hit hardest.",
        ]
        return r.choice(templates)

    def paragraph(self) -> str:
        r = self.r
        if r.random() < 0.05:
            items = [self.pick(self.words["things"]) for _ in range(r.randint(4, 9))]
            return (
                f"The report lists the main concerns as {', '.join(items[:-1])} and {items[-1]}, "
                f"in that order, and asks {self.pick(ORGS)} to answer within "
                f"{r.randint(2, 12)} weeks."
            )
        return " ".join(
            self.sentence() for _ in range(r.choices((1, 2, 3, 4, 5, 6), (1, 3, 4, 3, 2, 1))[0])
        )

    def article(self, paragraphs: int) -> GeneratedArticle:
        thing, act = self.pick(self.words["things"]), self.pick(self.words["acts"])
        org = self.org[0].upper() + self.org[1:]
        title = f"{org} {act} as {thing} {self.pick(('worsens', 'eases', 'dominates debate'))}"
        author = self.person()
        lead = (
            f"{self.city.upper()} - {org} {act} {self.date()}, in a move that "
            f"{self.pick(self.people)} called {self.pick(('overdue', 'risky', 'a turning point'))}."
        )
        body = [lead] + [self.paragraph() for _ in range(paragraphs)]
        text = f"{title}\n\nBy {author}, {self.city}\n\n" + "\n\n".join(body) + "\n"
        return GeneratedArticle(title=title, source=f"{self.topic}-desk", text=text)


def generate_articles(
    count: int, *, seed: int = SEED, paragraphs: tuple[int, int] = (4, 14)
) -> list[GeneratedArticle]:
    """``count`` articles; the same arguments always give the same articles."""
    rng = random.Random(seed)
    topics = sorted(TOPICS)
    out = []
    for _ in range(count):
        writer = _Writer(rng, rng.choice(topics))
        out.append(writer.article(rng.randint(*paragraphs)))
    return out


def article_of_words(words: int, *, seed: int = SEED + 1) -> str:
    """One article of about ``words`` words (whole paragraphs, at least that many)."""
    rng = random.Random(seed)
    writer = _Writer(rng, "economy")
    paragraphs: list[str] = []
    while sum(len(p.split()) for p in paragraphs) < words:
        paragraphs.append(writer.paragraph())
    return "\n\n".join(paragraphs) + "\n"


def load_corpus(min_bytes: int = 1_100_000, *, seed: int = SEED) -> list[GeneratedArticle]:
    """Articles totalling at least ``min_bytes`` of UTF-8, cached under bench/.corpus/."""
    path = CORPUS_DIR / f"articles-{seed}-{min_bytes}.json"
    if path.is_file():
        return [GeneratedArticle(**a) for a in json.loads(path.read_text("utf-8"))]
    rng = random.Random(seed)
    topics = sorted(TOPICS)
    articles: list[GeneratedArticle] = []
    size = 0
    while size < min_bytes:
        writer = _Writer(rng, rng.choice(topics))
        article = writer.article(rng.randint(4, 14))
        articles.append(article)
        size += len(article.text.encode("utf-8"))
    CORPUS_DIR.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps([a.__dict__ for a in articles]), "utf-8")
    tmp.replace(path)
    return articles


def documents(articles: list[GeneratedArticle], *, target_chars: int = 50_000) -> list[str]:
    """The articles joined into long documents (a day's feed each) for the chunker."""
    docs: list[str] = []
    current: list[str] = []
    size = 0
    for article in articles:
        current.append(article.text)
        size += len(article.text)
        if size >= target_chars:
            docs.append("\n".join(current))
            current, size = [], 0
    if current:
        docs.append("\n".join(current))
    return docs


_SYLLABLES = (
    "ka lo mi ra ten vos u bel dor fin gal hes ir jun kep lar mon nor pel quin rus sal tor "
    "ul ven wes yor zan ae bri cla dru eth fro gra"
).split()
_GLUE = "the of and in to a on for with at by from said after over".split()


def _pseudo_word(rng: random.Random) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))


def distinct_articles(count: int, *, seed: int = SEED + 2) -> list[GeneratedArticle]:
    """``count`` short articles (about 150-250 words) that no two of share a story.

    Template articles on one topic share phrases, and briefer's story grouping rightly merges
    them; these use a private vocabulary of invented words per article, so a daily brief of
    them has exactly ``count`` stories.
    """
    rng = random.Random(seed)
    out = []
    for i in range(count):
        vocab = [_pseudo_word(rng) for _ in range(40)]
        names = [w.capitalize() for w in vocab[:8]]

        def sentence(vocab: list[str] = vocab, names: list[str] = names) -> str:
            words = [rng.choice(names)]
            for _ in range(rng.randint(7, 16)):
                words.append(rng.choice(_GLUE) if rng.random() < 0.35 else rng.choice(vocab))
            return " ".join(words) + rng.choice((".", ".", ".", "?", "!"))

        paragraphs = [" ".join(sentence() for _ in range(rng.randint(2, 4))) for _ in range(4)]
        title = f"{names[0]} {vocab[9]} {vocab[10]} in {names[1]}"
        text = f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"
        out.append(GeneratedArticle(title=title, source=f"wire-{i:03d}", text=text))
    return out
