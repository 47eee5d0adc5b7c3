"""Word lists the extractor reads: offices, their synonyms, given names and organisation words.

These are facts about how Kazakhstan's state bodies and people are written in English news, not
answers for particular articles: a new article about a new minister is read with the same lists.
"""

from __future__ import annotations

import re

# Offices held by one person at a time: a new holder ends the previous holder's term.
# Keys are lower-case spellings seen in English-language Kazakh news; values the canonical title.
OFFICE_SYNONYMS: dict[str, str] = {
    "president": "President",
    "head of state": "President",
    "president of kazakhstan": "President",
    "president of the republic of kazakhstan": "President",
    "kazakh president": "President",
    "prime minister": "Prime Minister",
    "premier": "Prime Minister",
    "first deputy prime minister": "First Deputy Prime Minister",
    "senate speaker": "Chairman of the Senate",
    "speaker of the senate": "Chairman of the Senate",
    "senate chairman": "Chairman of the Senate",
    "mazhilis speaker": "Chairman of the Mazhilis",
    "speaker of the mazhilis": "Chairman of the Mazhilis",
    "mazhilis chairman": "Chairman of the Mazhilis",
    "commissioner for human rights": "Commissioner for Human Rights",
    "human rights commissioner": "Commissioner for Human Rights",
    "ombudsman": "Commissioner for Human Rights",
    "prosecutor general": "Prosecutor General",
    "general prosecutor": "Prosecutor General",
    "secretary of state": "Secretary of State",
    "state secretary": "Secretary of State",
    "state counselor": "State Counsellor",
    "state counsellor": "State Counsellor",
    "head of government": "Prime Minister",
    "head of the government": "Prime Minister",
    "chairman of the government": "Prime Minister",
    "head of the presidential administration": "Head of the Presidential Administration",
    "head of the administration of the president": "Head of the Presidential Administration",
    "chief of staff": "Head of the Presidential Administration",
    "chairman of the central election commission": "Chairman of the Central Election Commission",
    "chairman of the cec": "Chairman of the Central Election Commission",
    "cec chairman": "Chairman of the Central Election Commission",
    "head of the central election commission": "Chairman of the Central Election Commission",
    "head of the senate": "Chairman of the Senate",
    "top diplomat": "Minister of Foreign Affairs",
    "foreign minister": "Minister of Foreign Affairs",
    "head of the mazhilis": "Chairman of the Mazhilis",
    "head of the supreme court": "Chairman of the Supreme Court",
    "head of the constitutional court": "Chairman of the Constitutional Court",
    "head of the administration": "Head of the Presidential Administration",
}

# Offices that many people hold at once: seeing a new holder ends nobody's term.
SHARED_OFFICES = frozenset(
    {
        "Senator",
        "Deputy of the Mazhilis",
        "Deputy of the Senate",
        "Deputy Prime Minister",
        "Member of the Mazhilis",
    }
)

# Single-word titles that stand before a name: "Senator Ivan Petrov", "Deputy Prime Minister X".
PLAIN_TITLES: dict[str, str] = {
    "president": "President",
    "prime minister": "Prime Minister",
    "deputy prime minister": "Deputy Prime Minister",
    "first deputy prime minister": "First Deputy Prime Minister",
    "senator": "Senator",
    "prosecutor general": "Prosecutor General",
    "secretary of state": "Secretary of State",
    "state secretary": "Secretary of State",
    "state counselor": "State Counsellor",
    "state counsellor": "State Counsellor",
    "senate speaker": "Chairman of the Senate",
    "mazhilis speaker": "Chairman of the Mazhilis",
    "ombudsman": "Commissioner for Human Rights",
    "commissioner for human rights": "Commissioner for Human Rights",
    "mazhilis deputy": "Deputy of the Mazhilis",
    "mp": "Deputy of the Mazhilis",
}

# Head nouns of titles of the shape "<head> of/for <organisation>".
TITLE_HEADS = (
    "Chairman",
    "Chairwoman",
    "Chairperson",
    "Chair",
    "Speaker",
    "Minister",
    "Akim",
    "Head",
    "Director",
    "Secretary",
    "Commissioner",
    "Ambassador",
    "Governor",
    "Prosecutor",
    "Judge",
    "Rector",
    "Mayor",
    "Deputy",
    "Member",
    "Leader",
    "Adviser",
    "Advisor",
    "Aide",
    "Chief",
    "Representative",
)
# Words that may stand before a head: "First Deputy Minister", "Vice Minister".
TITLE_MODIFIERS = ("First", "Deputy", "Vice", "Acting", "Executive", "Former", "Newly appointed")

# Spellings folded into one so that "Chairperson of the Senate" and "Chairman of the Senate" are one
# office, and "Majilis" and "Mazhilis" one chamber.
HEAD_CANONICAL = {
    "chairwoman": "Chairman",
    "chairperson": "Chairman",
    "chair": "Chairman",
    "advisor": "Adviser",
    "vice": "Vice",
    "majilis": "Mazhilis",
    "majlis": "Mazhilis",
}

ROLE_REFERENCES: dict[str, str] = {
    # "the Head of State said" names nobody, but means whoever holds that office at the time.
    "head of state": "President",
    "president": "President",
    "prime minister": "Prime Minister",
    "premier": "Prime Minister",
    "senate speaker": "Chairman of the Senate",
    "speaker of the senate": "Chairman of the Senate",
    "chairman of the senate": "Chairman of the Senate",
    "mazhilis speaker": "Chairman of the Mazhilis",
    "speaker of the mazhilis": "Chairman of the Mazhilis",
    "chairman of the mazhilis": "Chairman of the Mazhilis",
    "prosecutor general": "Prosecutor General",
}

# Words that are capitalised in running text but are never part of a person's name.
NOT_NAME_WORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "This",
        "That",
        "These",
        "Those",
        "In",
        "On",
        "At",
        "Of",
        "And",
        "For",
        "From",
        "To",
        "With",
        "By",
        "As",
        "Since",
        "Until",
        "During",
        "After",
        "Before",
        "Following",
        "Also",
        "Thus",
        "However",
        "Meanwhile",
        "Today",
        "Yesterday",
        "Tomorrow",
        "It",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Our",
        "My",
        "Its",
        "There",
        "Here",
        "Then",
        "When",
        "While",
        "Where",
        "What",
        "Who",
        "Which",
        "Why",
        "How",
        "All",
        "Both",
        "Each",
        "Every",
        "Some",
        "Several",
        "Many",
        "Most",
        "Such",
        "Other",
        "Another",
        "Once",
        "Again",
        "Yet",
        "But",
        "Or",
        "Nor",
        "So",
        "If",
        "Eventually",
        "Therefore",
        "Regarding",
        "According",
        "Particular",
        "Payments",
        "Plans",
        "Strategic",
        "Ongoing",
        "External",
        "Thanks",
        "Elections",
        "President",
        "Presidential",
        "Prime",
        "Minister",
        "Ministers",
        "Ministry",
        "Head",
        "Heads",
        "State",
        "States",
        "Senate",
        "Senator",
        "Senators",
        "Mazhilis",
        "Majilis",
        "Majlis",
        "Parliament",
        "Parliamentary",
        "Chairman",
        "Chairperson",
        "Chairwoman",
        "Chair",
        "Speaker",
        "Deputy",
        "Deputies",
        "Vice",
        "First",
        "Commissioner",
        "Prosecutor",
        "General",
        "Secretary",
        "Counselor",
        "Akim",
        "Akims",
        "Akimat",
        "Governor",
        "Director",
        "Ambassador",
        "Court",
        "Constitutional",
        "Supreme",
        "Judge",
        "Justice",
        "Congress",
        "Council",
        "Commission",
        "Committee",
        "Agency",
        "Assembly",
        "Kurultai",
        "Government",
        "Office",
        "Administration",
        "Republic",
        "Kazakhstan",
        "Kazakh",
        "Kazakhstani",
        "Astana",
        "Almaty",
        "Shymkent",
        "Nur-Sultan",
        "Akorda",
        "Union",
        "Nations",
        "National",
        "International",
        "Party",
        "Amanat",
        "Respublica",
        "Ak",
        "Zhol",
        "Auyl",
        "People",
        "Peoples",
        "Democratic",
        "Social",
        "Code",
        "Codes",
        "Law",
        "Laws",
        "Bill",
        "Bills",
        "Draft",
        "Concept",
        "Program",
        "Programme",
        "Address",
        "Nauryz",
        "Day",
        "Year",
        "Month",
        "Week",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "Mr",
        "Mrs",
        # a decree's verbs at the head of its clause: "Appoint Bektenov Olzhas Abayevich as ..."
        "Appoint",
        "Relieve",
        "Release",
        "Dismiss",
        "Elect",
        "Approve",
        "Assign",
        "Ms",
        "Dr",
        "Upper",
        "Lower",
        "House",
        "Chamber",
        "Ethnic",
        "Secretariat",
        "Leaders",
        "World",
        "Traditional",
        "Religions",
        "Group",
        "Onir",
        "Fund",
        "Children",
        "Comfortable",
        "School",
        "Rural",
        "Healthcare",
        "Development",
        "Aul",
        "Amanat",
        "Kazakhstanskaya",
        "Pravda",
        "Kazinform",
        "Tengrinews",
        "Times",
        "Facebook",
        "Telegram",
        "Instagram",
        "Twitter",
        "Eurasian",
        "Economic",
        "European",
        "Russian",
        "Chinese",
        "Central",
        "Asia",
        "Asian",
        "Islamic",
        "Bank",
        "Affairs",
        "Foreign",
        "Internal",
        "Finance",
        "Economy",
        "Energy",
        "Health",
        "Education",
        "Science",
        "Culture",
        "Information",
        "Digital",
        "Sport",
        "Sports",
        "Tourism",
        "Agriculture",
        "Industry",
        "Trade",
        "Transport",
        "Ecology",
        "Labor",
        "Labour",
        "Defense",
        "Defence",
        "Emergency",
        "Water",
        "Resources",
        "Protection",
        "Population",
        "Situations",
        "Construction",
        "Innovation",
        "Aerospace",
        "Integration",
        "Higher",
        "Enlightenment",
        "Irrigation",
        "Natural",
        "Planning",
        "Reform",
        "Reforms",
        "Budget",
        "Tax",
        "Heat",
        "Power",
        "Mass",
        "Media",
        "Procurement",
        "Public",
        "Civil",
        "Criminal",
        "Administrative",
        "Entrepreneurial",
        "Land",
        "Forest",
        "Environmental",
        "Human",
        "Rights",
        "Rule",
        "Constitution",
        "Referendum",
        "ASTANA",
        "ALMATY",
        "Central",
        "Election",
        "Elections",
        "Commission",
        "North",
        "South",
        "East",
        "West",
        "Northern",
        "Southern",
        "Eastern",
        "Western",
        "Region",
        "Regions",
        "City",
        "Cities",
        "District",
    ]
)

# Common given names, to recognise a name whose surname has no Slavic or Kazakh suffix
# ("Roman Sklyar") and a name written as given name and patronymic ("Elvira Abilkhasimovna").
GIVEN_NAMES = frozenset(
    """
    Abai Abay Abzal Adil Adilbek Adilet Adlet Agzam Aibek Aida Aidana Aidar Aidos Aidyn Aigerim
    Aigul Aikerim Ainagul Ainash Ainur Aitkali Aizada Aizhan Akhan Akhmetzhan Akmal Akmaral Akylbek
    Akzhan Akzhol Albert Aldiyar Alexander Alexandr Alexandra Alexei Alexey Alibek Alikbek Alikhan
    Alima Alimjan Alimzhan Alisher Aliya Almas Almasadam Almat Almaz Altai Altynai Altynbek Alua
    Amangeldy Amanzhol Amirzhan Anar Anara Anatoly Andrei Andrey Anna Anuar Arailym Aray Ardak
    Arkhat Arman Armanzhan Arnur Arsen Arthur Artur Arystan Asel Asem Aset Askar Askhat Aslambek
    Aslan Assel Assylbek Asylbek Atabek Ayan Ayat Ayazhan Aybek Aygul Aynur Azamat Azat Azimkhan
    Bagdat Bagila Baglan Bakhtiyar Bakhyt Bakhytzhan Bakyt Bakytzhan Balaim Banu Baurzhan Bauyrzhan
    Beibit Beibut Beisen Bekbolat Bekzat Bekzhan Berdibek Berik Berikbol Bibigul Birzhan Bolat
    Bolatbek Boris Botagoz Botakoz Bulat Dana Daniyar Dariga Dariya Darkhan Dastan Daulet Dauletbek
    Dauren Dias Dinara Dinmukhamed Dmitri Dmitry Dosbol Dosym Dulat Duman Eldos Elena Elmira Elvira
    Elzhas Erbol Erbolat Erkebulan Erkin Erlan Ermek Ersain Ertay Erzhan Evgeny Farkhad Galina Galym
    Galymzhan Gani Gennady Georgy Grigory Gulmira Gulnar Gulnara Gulshara Gulzhan Igor Ilyas
    Imangali Irina Ivan Kairat Kairbek Kaisar Kaldybek Kamaldin Kamila Kanat Karim Karlygash Kassym
    Kassym-Jomart Kassym-Zhomart Kasym-Zhomart Kasymbek Kazbek Kenes Konstantin Kuandyk Kuanysh
    Kuanyshbek Kuat Kuralay Kurmangali Larisa Laura Lazzat Leonid Lyazzat Lyudmila Madi Madina
    Magzum Maira Mairambek Makhambet Maksat Mansur Marat Margulan Maria Marina Marlen Maulen Maxim
    Mazhit Meirambek Mels Meruert Mikhail Mirzakhan Mukhamediuly Mukhtar Murat Muratbek Nadezhda
    Natalia Natalya Nazgul Nikolai Nikolay Nina Nurali Nurbek Nurbol Nurgali Nurlan Nurlybek
    Nurmukhambet Nursultan Nurtas Nurzhan Nurzhigit Oksana Oleg Olga Olzhas Omarbek Orynbek Pavel
    Pyotr Qasym-Zhomart Raisa Rakhat Rashid Rauan Raushan Rinat Roman Ruslan Rustam Rustem Sabit
    Sagyndyk Saken Sakhan Saltanat Samal Samat Sanzhar Saparkhan Saule Sauytbek Sayasat Sergei
    Sergey Serik Serikbay Serikkali Serikzhan Serzhan Shynar Stanislav Svetlana Syrym Talgat
    Talgatbek Tamara Tanat Tatiana Tatyana Temirkhan Temirlan Timur Tokhtar Tolegen Ualikhan Ulan
    Ulugbek Valentina Valery Vera Victor Viktor Vitaly Vladimir Vyacheslav Yekaterina Yeldos Yelena
    Yeraly Yerbol Yerbolat Yerden Yergali Yerkebulan Yerkin Yerlan Yerlik Yermek Yernar Yersultan
    Yertai Yerzhan Yesset Yevgeny Yuri Yuriy Yury Zhakip Zhamilya Zhanar Zhanat Zhandos Zhanibek
    Zhanna Zhanseit Zhaslan Zhassulan Zhenis Zhomart Zhuldyz Zhumabek Zulfiya
    """.split()
)

# Surname endings of Kazakh and Russian names in English transliteration.
SURNAME_SUFFIX = re.compile(
    r"(?:ov|ova|ev|eva|yev|yeva|iyev|iyeva|uly|kyzy|enko|sky|skiy|skaya|skii|bek|bekov"
    r"|bayev|baev|bayeva|baeva|in|ina|yn|ko)$"
)
# Endings that need another clue (a given name, a title) before a word counts as a surname.
WEAK_SURNAME_ENDINGS = ("in", "ina", "yn", "ko", "bek")
PATRONYMIC_SUFFIX = re.compile(r"(?:ovich|evich|ovna|evna|ichna|ich|uly|kyzy)$")


# "energy minister", "Foreign Minister", "culture and information minister": the portfolio before
# the head, as English news writes it; the value is the ministry's name in "Minister of ...".
MINISTRY_PORTFOLIOS: dict[str, str] = {
    "foreign": "Foreign Affairs",
    "foreign affairs": "Foreign Affairs",
    "interior": "Internal Affairs",
    "internal affairs": "Internal Affairs",
    "home": "Internal Affairs",
    "defence": "Defence",
    "defense": "Defence",
    "finance": "Finance",
    "economy": "National Economy",
    "national economy": "National Economy",
    "energy": "Energy",
    "justice": "Justice",
    "health": "Healthcare",
    "healthcare": "Healthcare",
    "education": "Education",
    "science": "Science and Higher Education",
    "agriculture": "Agriculture",
    "culture": "Culture and Information",
    "culture and information": "Culture and Information",
    "culture and sports": "Culture and Sports",
    "information": "Information and Social Development",
    "labour": "Labour and Social Protection of the Population",
    "labor": "Labour and Social Protection of the Population",
    "ecology": "Ecology and Natural Resources",
    "environment": "Ecology and Natural Resources",
    "emergency": "Emergency Situations",
    "emergencies": "Emergency Situations",
    "industry": "Industry and Construction",
    "trade": "Trade and Integration",
    "transport": "Transport",
    "tourism": "Tourism and Sports",
    "sports": "Tourism and Sports",
    "digital development": "Digital Development, Innovations and Aerospace Industry",
    "water": "Water Resources and Irrigation",
}

# Lower-case words an organisation's name may be written with in running text ("head of the
# statistics agency", "akim of East Kazakhstan region", "vice minister of national economy"):
# beyond these, a lower-case word ends the title, so sentence words never become an office.
ORGANISATION_LOWER_WORDS = frozenset(
    """
    agency committee commission ministry administration office service council chamber court
    region city district holding company fund bank government parliament senate mazhilis
    majilis presidential national state regional republican supreme constitutional security
    central election statistics finance finances economy economic energy justice health
    healthcare education science higher agriculture culture information sports sport ecology
    natural resources emergency emergencies situations industry construction trade
    integration transport tourism digital development foreign affairs internal defence
    defense labour labor social protection population water irrigation investment
    investments cooperation international relations legislation legal judicial reform budget
    planning strategic anti-corruption financial monitoring president prosecutor general
    human rights geneva other organizations organisations working group standing ruling
    party faction counting
        maslikhat akimat oblast district city
        department directorate division unit board inspectorate investigation investigations
    """.split()
)

# Words after a surname that make it a thing named after a person: "Nazarbayev University".
NAMED_AFTER = frozenset(
    """
    University Schools School Foundation Fund Airport Street Avenue Library Centre Center Prize
    Museum Park Stadium Order Medal Institute Academy
    """.split()
)


# --------------------------------------------------------------------------------------------
# The Parliament and state of the Constitution of 2026 (in force from 1 July 2026): one chamber,
# the Kurultai (also Kurultay, Qurultai, Qurultay), with a Chairman, up to three Deputy Chairmen,
# its deputies and committees; a Vice President; the Khalyk Kenesi (People's Council). Kept as
# one block, merged into the lists above. The National Kurultai and Kyrgyzstan's People's
# Kurultai are other bodies: ``extraction.kurultai`` refuses their offices.
_KURULTAI_FORMS: dict[str, str] = {
    "{k} speaker": "Chairman of the Kurultai",
    "speaker of the {k}": "Chairman of the Kurultai",
    "{k} chairman": "Chairman of the Kurultai",
    "chairman of the {k}": "Chairman of the Kurultai",
    "head of the {k}": "Chairman of the Kurultai",
    "{k} deputy": "Deputy of the Kurultai",
    "deputy of the {k}": "Deputy of the Kurultai",
    "member of the {k}": "Deputy of the Kurultai",
}
KURULTAI_OFFICES: dict[str, str] = {
    # one spelling is enough: ``titles.canonical_title`` folds the others into it first, and
    # each key is one more alternative every sentence's "fixed" titles are tried against
    **{form.format(k="kurultai"): office for form, office in _KURULTAI_FORMS.items()},
    "vice president": "Vice President",
    "vice-president": "Vice President",
    "vice president of kazakhstan": "Vice President",
    "vice president of the republic of kazakhstan": "Vice President",
    "member of the khalyk kenesi": "Member of the Khalyk Kenesi",
}
OFFICE_SYNONYMS.update(KURULTAI_OFFICES)
PLAIN_TITLES.update({"kurultai deputy": "Deputy of the Kurultai",
                     "kurultai speaker": "Chairman of the Kurultai"})
PLAIN_TITLES["vice president"] = "Vice President"
HEAD_CANONICAL.update({"kurultay": "Kurultai", "qurultai": "Kurultai", "qurultay": "Kurultai",
                       "khalyq": "Khalyk", "vice-president": "Vice President"})
ROLE_REFERENCES.update({"chairman of the kurultai": "Chairman of the Kurultai",
                        "speaker of the kurultai": "Chairman of the Kurultai",
                        "kurultai speaker": "Chairman of the Kurultai"})
SHARED_OFFICES = SHARED_OFFICES | {
    "Deputy Chairman of the Kurultai", "Deputy of the Kurultai", "Member of the Khalyk Kenesi",
}
_KURULTAI_WORDS = {"Kurultay", "Qurultai", "Qurultay", "Khalyk", "Khalyq", "Kenesi"}
NOT_NAME_WORDS = NOT_NAME_WORDS | _KURULTAI_WORDS
ORGANISATION_LOWER_WORDS = ORGANISATION_LOWER_WORDS | {"kurultai"}

# What Russian and Kazakh readers type for these offices (folded: lower case, "ё" as "е"):
# "/official председатель курултая", "/official құрылтай төрағасы".
KURULTAI_OFFICES_RU_KK: dict[str, str] = {
    "председатель курултая": "Chairman of the Kurultai",
    "председатель курултай": "Chairman of the Kurultai",
    "спикер курултая": "Chairman of the Kurultai",
    "глава курултая": "Chairman of the Kurultai",
    "құрылтай төрағасы": "Chairman of the Kurultai",
    "заместитель председателя курултая": "Deputy Chairman of the Kurultai",
    "зампред курултая": "Deputy Chairman of the Kurultai",
    "құрылтай төрағасының орынбасары": "Deputy Chairman of the Kurultai",
    "депутат курултая": "Deputy of the Kurultai",
    "депутаты курултая": "Deputy of the Kurultai",
    "құрылтай депутаты": "Deputy of the Kurultai",
    "вице-президент": "Vice President",
    "вице президент": "Vice President",
    "член халык кенеси": "Member of the Khalyk Kenesi",
    "член халық кеңесі": "Member of the Khalyk Kenesi",
    "халық кеңесінің мүшесі": "Member of the Khalyk Kenesi",
    "государственный секретарь": "Secretary of State",
    "госсекретарь": "Secretary of State",
    "мемлекеттік хатшы": "Secretary of State",
}
