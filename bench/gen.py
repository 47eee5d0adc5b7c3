"""Deterministic generators: people, bills, news articles and whole knowledge bases.

Everything comes from a seeded ``random.Random``, so two runs (and two machines) benchmark the
same data. Articles are English Kazakh parliamentary news of the same kind as ``seeds/*.txt`` and
``tests/articles/*.txt``: a headline, a dateline ("3 April 2024, 11:05", "date 2024-10-02 ASTANA
–" or none), officials with titles before or after their names, codes and quoted laws moving
through the chambers, dated plans and stated anniversaries. Names and bills are generated, so the
knowledge base grows with the number of articles.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field, replace

from bot.core.extract import article_id
from bot.core.knowledge import KnowledgeUpdate
from bot.core.models import (
    Article,
    Bill,
    BillStage,
    BillStatus,
    Event,
    Mention,
    Official,
    PartialDate,
    Position,
)
from bot.core.text import fold, shorten, slugify

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

MALE = ("Nurlan", "Yerlan", "Askar", "Marat", "Serik", "Bolat", "Daniyar", "Timur", "Aidos",
        "Arman", "Yerbol", "Kanat", "Kairat", "Talgat", "Berik", "Murat", "Olzhas", "Daulet",
        "Azamat", "Ruslan", "Samat", "Aslan", "Zhaslan", "Erlan", "Bauyrzhan", "Mukhtar",
        "Nurzhan", "Arystan", "Galym", "Almas", "Dauren", "Darkhan", "Yerzhan", "Asylbek",
        "Kuanysh", "Sanzhar", "Maksat", "Nurbek", "Alibek", "Ilyas")
FEMALE = ("Aigerim", "Dinara", "Gulnara", "Saule", "Aliya", "Madina", "Zhanna", "Asel",
          "Elvira", "Dana", "Aida", "Ainur", "Botagoz", "Zulfiya", "Meruert", "Akmaral",
          "Saltanat", "Raushan", "Lazzat", "Gulmira", "Dariga", "Zhanar", "Aizhan", "Elmira")
ONSETS = ("Abdi", "Ak", "Al", "Am", "Ash", "Ay", "Bai", "Bis", "Dau", "Dos", "Zhak", "Zhan",
          "Zhum", "Ibr", "Is", "Kal", "Kas", "Kul", "Kun", "Mam", "Mukh", "Nur", "Om", "Ras",
          "Sad", "Sar", "Sat", "Ser", "Suy", "Tas", "Tok", "Tul", "Yer", "Yes", "Yus", "Mus",
          "Sag", "Ber", "Esh", "Kop", "Orm", "Tem", "Ust", "Shal", "Kair")
MIDDLES = ("ym", "ta", "ken", "zhan", "gal", "mag", "tay", "dan", "nur", "sen", "mur", "rat",
           "zak", "tem", "kar", "im", "al", "ash", "ub", "ur", "eg", "il", "ang", "ilg", "ab",
           "ay", "uz", "om", "ert", "ezh")
SUFFIXES = (("ov", "ova"), ("ev", "eva"), ("bayev", "bayeva"), ("yev", "yeva"),
            ("bekov", "bekova"), ("ulov", "ulova"), ("anov", "anova"), ("imov", "imova"))

MINISTRIES = ("Finance", "Justice", "Health", "Education", "Energy", "Agriculture",
              "Culture and Sport", "Digital Development", "Ecology", "Foreign Affairs",
              "Internal Affairs", "Defence", "Labour and Social Protection",
              "Trade and Integration", "Transport", "Water Resources and Irrigation",
              "Industry and Construction", "Tourism and Sport", "Science and Higher Education",
              "Emergency Situations", "Information and Social Development", "National Economy",
              "Enlightenment", "Artificial Intelligence and Digital Development")
REGIONS = ("Abai", "Akmola", "Aktobe", "Almaty", "Atyrau", "East Kazakhstan", "Zhambyl",
           "Zhetysu", "West Kazakhstan", "Karaganda", "Kostanay", "Kyzylorda", "Mangystau",
           "Pavlodar", "North Kazakhstan", "Turkistan", "Ulytau")
COMMITTEES = ("Legislation and Judicial Reform", "Economic Reform and Regional Development",
              "Finance and Budget", "Agrarian Issues", "Social and Cultural Development",
              "International Affairs, Defence and Security", "Ecology and Nature Management",
              "Constitutional Legislation")

CODE_WORDS = ("Budget", "Construction", "Water", "Tax", "Digital", "Land", "Forest",
              "Environmental", "Social", "Customs", "Labour", "Family", "Civil", "Criminal",
              "Administrative", "Entrepreneurial", "Health", "Education", "Transport", "Energy",
              "Mining", "Housing", "Maritime", "Air", "Information", "Electoral", "Tourism",
              "Banking", "Insurance", "Pension", "Media", "Sports", "Urban Planning",
              "Subsoil", "Veterinary", "Fisheries", "Migration", "Archive", "Statistics",
              "Space")
LAW_ADJECTIVES = ("Public", "State", "Local", "Renewable", "Digital", "Civil", "Rural",
                  "Municipal", "Environmental", "Financial", "Social", "Medical", "Scientific",
                  "Cultural", "Agricultural", "Industrial", "Religious", "Electronic",
                  "Technical", "Investment", "Innovative", "Strategic", "Regional", "National",
                  "Youth", "Family", "Housing", "Transport", "Energy", "Water", "Tax",
                  "Customs", "Labour", "Judicial", "Electoral", "Military", "Consumer",
                  "Personal", "Mass", "Heat", "Nuclear", "Mineral", "Forest", "Food",
                  "Animal", "Migration", "Tourist", "Sports", "Payment", "Credit",
                  "Insurance", "Pension", "Postal", "Space", "Maritime", "Railway", "Road",
                  "Urban", "Border", "Informational")
LAW_NOUNS = ("Procurement", "Services", "Energy", "Safety", "Protection", "Procedure",
             "Administration", "Statistics", "Support", "Control", "Development", "Rights",
             "Education", "Healthcare", "Property", "Planning", "Regulation", "Activities",
             "Communications", "Security", "Media", "Data", "Resources", "Assistance",
             "Insurance", "Enterprises", "Partnership", "Inspection", "Relations",
             "Organisations", "Institutions", "Monitoring", "Transport", "Infrastructure",
             "Standards", "Licensing", "Markets", "Science", "Heritage", "Communities",
             "Guarantees", "Funds", "Veterinary", "Archives", "Competition", "Tariffs",
             "Payments", "Audit", "Reserves", "Mediation")
TOPICS = ("sustainable development", "digital transformation", "regional development",
          "the protection of labour rights", "child safety", "women's rights", "health care",
          "transfer pricing", "migration", "science and education", "judicial reform",
          "the fight against corruption", "water conservation", "food security",
          "public procurement", "housing construction", "renewable energy")
FILLERS = (
    "Particular attention was paid to the implementation of the tasks set in the Address to "
    "the people of Kazakhstan.",
    "The deputies discussed topical issues of socio-economic development of the regions.",
    "The Head of State emphasized the special role of legislative support for the reforms "
    "being carried out in the country.",
    "Following the meeting, the participants adopted a resolution.",
    "The meeting was attended by members of the Government and heads of state bodies.",
    "The senators noted that the document was prepared taking into account the proposals of "
    "citizens and experts.",
    "Systemic reforms have been launched in all sectors and areas, the speakers said.",
    "In his opinion, deputies of local representative bodies should be widely involved in "
    "this work.",
    "The country has entered a new stage of its development, the President said.",
    "Members of the working group presented their conclusions to the plenary session.",
)
ANNIVERSARY_THINGS = ("the adoption of the Constitution", "the beginning of the work of "
                      "maslikhats", "the founding of the Senate", "the first session of the "
                      "Mazhilis", "the establishment of the Constitutional Council")


@dataclass(frozen=True)
class Person:
    given: str
    surname: str

    @property
    def name(self) -> str:
        return f"{self.given} {self.surname}"

    @property
    def id(self) -> str:
        return slugify(self.name)


def make_people(count: int, rng: random.Random) -> list[Person]:
    """``count`` people with distinct surnames, half of them women (surnames end -ova, -eva)."""
    people: list[Person] = []
    seen: set[str] = set()
    attempts = 0
    while len(people) < count:
        attempts += 1
        if attempts > count * 200:
            raise RuntimeError("cannot generate that many distinct surnames")
        female = rng.random() < 0.4
        parts = rng.randint(1, 2)
        root = rng.choice(ONSETS) + "".join(rng.choice(MIDDLES) for _ in range(parts))
        suffix = rng.choice(SUFFIXES)[1 if female else 0]
        surname = root + suffix
        key = fold(surname)
        if key in seen:
            continue
        seen.add(key)
        people.append(Person(rng.choice(FEMALE if female else MALE), surname))
    return people


# The real holders of the chambers' chairs, as in the seed articles.
SPEAKERS = ((Person("Maulen", "Ashimbayev"), "Chairman of the Senate"),
            (Person("Yerlan", "Koshanov"), "Chairman of the Mazhilis"))


@dataclass(frozen=True)
class BillSpec:
    title: str  # "Water Code", "On Public Procurement"
    kind: str

    @property
    def id(self) -> str:
        return slugify(self.title)

    @property
    def display(self) -> str:
        return f"{self.kind.capitalize()} “{self.title}”" if self.title.startswith("On ") \
            else self.title


def make_bills(count: int, rng: random.Random) -> list[BillSpec]:
    """Codes first (a few dozen), then laws "On <Adjective> <Noun>" up to ``count``."""
    bills = [BillSpec(f"{word} Code", "code") for word in CODE_WORDS]
    titles = [f"On {a} {n}" for a in LAW_ADJECTIVES for n in LAW_NOUNS]
    rng.shuffle(titles)
    pairs = [f"On {a} {n} and {m}" for a in LAW_ADJECTIVES[:20] for n in LAW_NOUNS[:20]
             for m in LAW_NOUNS[20:30]]
    rng.shuffle(pairs)
    titles += pairs
    for title in titles:
        if len(bills) >= count:
            break
        kind = "constitutional law" if rng.random() < 0.03 else (
            "draft law" if rng.random() < 0.2 else "law")
        bills.append(BillSpec(title, kind))
    if len(bills) < count:
        raise RuntimeError(f"only {len(bills)} distinct bill titles available")
    return bills[:count]


def make_offices(rng: random.Random) -> list[str]:
    offices = [f"Minister of {m}" for m in MINISTRIES]
    offices += [f"Vice Minister of {m}" for m in MINISTRIES]
    offices += [f"Akim of {r} Region" for r in REGIONS]
    offices += [f"Chairman of the Committee on {c}" for c in COMMITTEES]
    offices += ["Deputy of the Mazhilis"] * 20 + ["Senator"] * 15
    rng.shuffle(offices)
    return offices


def _skewed(rng: random.Random, items: list[Person] | list[BillSpec], hot: float = 0.2) -> int:
    """An index biased to the front: the same people and bills recur, like in the news."""
    n = len(items)
    if rng.random() < 0.5:
        return rng.randrange(max(1, int(n * hot)))
    return rng.randrange(n)


def _date_words(day: dt.date) -> str:
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


@dataclass
class ArticleFacts:
    """What the generator put into an article (for building a knowledge base directly)."""

    date: PartialDate
    title: str
    people: list[tuple[Person, str, str]] = field(default_factory=list)  # person, office, change
    bills: list[tuple[BillSpec, str, PartialDate | None]] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


class ArticleGenerator:
    """News articles of the seeds' kind, from pools of people, offices and bills."""

    def __init__(self, seed: int = 1, people: int = 3000, bills: int = 3500,
                 start: dt.date = dt.date(2019, 1, 1), end: dt.date = dt.date(2025, 12, 31)
                 ) -> None:
        self.rng = random.Random(seed)
        self.people = make_people(people, self.rng)
        self.bills = make_bills(bills, self.rng)
        self.offices = make_offices(self.rng)
        self.start = start
        self.span = (end - start).days
        self._serial = 0

    def person(self) -> Person:
        return self.people[_skewed(self.rng, self.people)]

    def bill(self) -> BillSpec:
        return self.bills[_skewed(self.rng, self.bills, hot=0.1)]

    def article(self) -> tuple[Article, ArticleFacts]:
        """One article and the facts it states."""
        rng = self.rng
        self._serial += 1
        day = self.start + dt.timedelta(days=rng.randrange(self.span))
        date = PartialDate.from_date(day)
        lines: list[str] = []
        sentences: list[str] = []
        bill = self.bill()
        subject = self.person()
        office = rng.choice(self.offices)
        headline = rng.choice((
            f"Mazhilis considers the {bill.display} at its plenary session",
            f"Senate meeting: {bill.display} on the agenda",
            f"{subject.surname} appointed {office}",
            f"Head of State receives {office} {subject.surname}",
            f"Parliament discusses {rng.choice(TOPICS)}",
        ))
        facts = ArticleFacts(date, headline)
        lines.append(headline)
        lead = self._lead(facts, subject, office)
        style = rng.random()
        if style < 0.6:
            lines.append(f"{_date_words(day)}, {rng.randint(8, 19):02d}:{rng.randint(0, 59):02d}")
            sentences.append(lead)
        elif style < 0.85:
            sentences.append(f"date {day.isoformat()} ASTANA – {lead}")
        else:  # no dateline: the Article carries the date, as a manifest would give it
            sentences.append(lead)
        middle = [self._sentence(facts, day) for _ in range(rng.randint(6, 14))]
        # A unique touch so no two articles are the same event (ids hash the text).
        middle.append(f"The session of {_date_words(day)} was number {self._serial} "
                      f"of the session's plan.")
        rng.shuffle(middle)
        sentences += middle
        body = "\n\n".join(sentences)
        text = "\n\n".join(lines) + "\n\n" + body + "\n"
        article = Article(text=text, source=rng.choice(("Akorda", "El.kz", "Kazinform",
                                                        "The Astana Times", "")),
                          title=None, date=date if style >= 0.85 else None,
                          name=f"gen-{self._serial:06d}.txt")
        return article, facts

    def _lead(self, facts: ArticleFacts, person: Person, office: str) -> str:
        rng = self.rng
        form = rng.randrange(4)
        if form == 0:
            facts.people.append((person, office, "start"))
            return (f"By decree of the Head of State Kassym-Jomart Tokayev, {person.name} was "
                    f"appointed {office}.")
        if form == 1:
            facts.people.append((person, office, "seen"))
            return f"{person.name}, {office}, took part in a meeting of the Senate."
        if form == 2:
            speaker = SPEAKERS[self.rng.randrange(len(SPEAKERS))]
            facts.people.append((speaker[0], speaker[1], "seen"))
            return (f"{speaker[1]} {speaker[0].name} announced the agenda of the meeting "
                    f"and put it to a vote.")
        facts.people.append((person, office, "seen"))
        return (f"Kassym-Jomart Tokayev received {office} {person.name}, who reported on "
                f"{rng.choice(TOPICS)}.")

    def _sentence(self, facts: ArticleFacts, day: dt.date) -> str:
        rng = self.rng
        kind = rng.randrange(12)
        if kind == 9 and rng.random() > 0.05:
            kind = 11  # an article rarely states an anniversary
        if kind == 0:
            bill = self.bill()
            facts.bills.append((bill, "first_reading", facts.date))
            return f"Deputies of the Mazhilis approved the draft {bill.display} in the first " \
                   f"reading."
        if kind == 1:
            bill = self.bill()
            facts.bills.append((bill, "adopted_mazhilis", facts.date))
            return f"The Mazhilis adopted the {bill.display} and sent it to the Senate."
        if kind == 2:
            bill = self.bill()
            facts.bills.append((bill, "adopted_senate", facts.date))
            return f"The Senate adopted the {bill.display} and sent it to the President for " \
                   f"signature."
        if kind == 3:
            bill = self.bill()
            force = day + dt.timedelta(days=rng.randrange(30, 400))
            facts.bills.append((bill, "signed", facts.date))
            facts.bills.append((bill, "in_force", PartialDate.from_date(force)))
            facts.mentions.append(Mention(PartialDate.from_date(force),
                                          f"The law will enter into force on "
                                          f"{_date_words(force)}."))
            return (f"President Kassym-Jomart Tokayev signed the {bill.display}. The law will "
                    f"enter into force on {_date_words(force)}.")
        if kind == 4:
            bill = self.bill()
            facts.bills.append((bill, "under_consideration", facts.date))
            return f"The senators are currently considering the {bill.display}."
        if kind == 5:
            bill = self.bill()
            year = day.year + 1
            facts.bills.append((bill, "planned", facts.date))
            facts.mentions.append(Mention(PartialDate(year), f"Plans for {year} include "
                                          f"consideration of the {bill.display}."))
            return f"Plans for {year} include consideration of the {bill.display}."
        if kind == 6:
            person, office = self.person(), rng.choice(self.offices)
            facts.people.append((person, office, "seen"))
            return f"{office} {person.name} presented the document to the deputies."
        if kind == 7:
            person, office = self.person(), rng.choice(self.offices)
            facts.people.append((person, office, "seen"))
            return f"{person.name}, {office}, noted that work on {rng.choice(TOPICS)} continues."
        if kind == 8:
            ahead = day + dt.timedelta(days=rng.randrange(20, 300))
            text = (f"An international conference on {rng.choice(TOPICS)} is planned to be held "
                    f"in Astana in {MONTHS[ahead.month - 1]} {ahead.year}.")
            facts.mentions.append(Mention(PartialDate(ahead.year, ahead.month), text))
            return text
        if kind == 9:
            years = rng.choice((10, 15, 20, 25, 30))
            text = f"This year marks {years} years since {rng.choice(ANNIVERSARY_THINGS)}."
            facts.mentions.append(Mention(PartialDate(day.year), text, "anniversary", years))
            return text
        if kind == 10:
            person, office = self.person(), rng.choice(self.offices)
            facts.people.append((person, office, "end"))
            return f"By another decree, {person.name} was released from the post of {office}."
        return rng.choice(FILLERS)

    def articles(self, count: int) -> list[Article]:
        return [self.article()[0] for _ in range(count)]


# --------------------------------------------------------------------------- knowledge bases

@dataclass
class KnowledgeBase:
    events: list[Event]
    officials: list[Official]
    bills: list[Bill]

    def updates(self) -> list[KnowledgeUpdate]:
        """Everything as ``KnowledgeUpdate``s for ``store.apply`` (each official and bill once)."""
        updates = []
        officials = iter(self.officials)
        bills = iter(self.bills)
        per = max(1, len(self.officials) // max(1, len(self.events)) + 1)
        per_bill = max(1, len(self.bills) // max(1, len(self.events)) + 1)
        for event in self.events:
            ofs = tuple(o for _, o in zip(range(per), officials, strict=False))
            bls = tuple(b for _, b in zip(range(per_bill), bills, strict=False))
            updates.append(KnowledgeUpdate(event=event, officials=ofs, bills=bls))
        rest_o, rest_b = tuple(officials), tuple(bills)
        if rest_o or rest_b:
            last = updates[-1]
            updates[-1] = KnowledgeUpdate(last.event, last.officials + rest_o,
                                          last.bills + rest_b)
        return updates


def make_knowledge(events: int, officials: int, bills: int, seed: int = 7) -> KnowledgeBase:
    """A knowledge base of exactly that size, built from generated articles' facts.

    The events' text is the generated article's; officials, positions, bills and stages are
    the facts the generator wrote into the articles (not extracted: this is fast and exact).
    """
    gen = ArticleGenerator(seed=seed, people=officials - len(SPEAKERS), bills=bills)
    used_people: dict[str, Person] = {}
    positions: dict[str, dict[str, Position]] = {}
    histories: dict[str, list[BillStage]] = {}
    built: list[Event] = []
    for _ in range(events):
        article, facts = gen.article()
        event_id = article_id(article)
        date = facts.date
        if gen.rng.random() < 0.08:  # some articles are dated only to a month or a year
            date = PartialDate(date.year, date.month) if gen.rng.random() < 0.6 \
                else PartialDate(date.year)
        ids = []
        for person, office, change in facts.people:
            used_people[person.id] = person
            if person.id not in ids:
                ids.append(person.id)
            held = positions.setdefault(person.id, {})
            current = held.get(office)
            if change == "end":
                held[office] = replace(current, until=date, until_event=event_id) if current \
                    else Position(office, until=date, until_event=event_id)
            elif current is None:
                held[office] = Position(office, date if change == "start" else None, None,
                                        first_seen=date, last_seen=date, event=event_id,
                                        last_event=event_id)
            elif current.until is None and (
                current.last_seen is None or current.last_seen.sort_key() < date.sort_key()
            ):
                held[office] = replace(current, last_seen=date, last_event=event_id)
        bill_ids = []
        for spec, status, when in facts.bills:
            if spec.id not in bill_ids:
                bill_ids.append(spec.id)
            histories.setdefault(spec.id, []).append(BillStage(when, BillStatus(status), event_id))
        sentences = [line for line in article.text.split("\n") if line.strip()]
        built.append(Event(
            id=event_id, date=date, title=facts.title, source=article.source,
            summary=shorten(" ".join(sentences[1:3]), 400), officials=tuple(ids),
            bills=tuple(bill_ids), mentions=tuple(facts.mentions),
            text=" ".join(sentences[1:])))
    # Every generated person and bill is in the base, also those no article happened to name.
    people = [Official(p.id, p.name, (p.surname,),
                       tuple(sorted(positions.get(p.id, {}).values(),
                                    key=Position.sort_key)))
              for p in [*gen.people, *(speaker for speaker, _ in SPEAKERS)]]
    bills_out = [Bill(s.id, s.title, s.kind,
                      tuple(sorted(set(histories.get(s.id, ())), key=BillStage.order_key)))
                 for s in gen.bills]
    return KnowledgeBase(built, people, bills_out)
