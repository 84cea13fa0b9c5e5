"""Generate N realistic, varied, fictional meeting records that pass `briefing check`.

    python bench/generate.py --count 10000 --out /tmp/records [--seed 1]

Every field a record may hold appears somewhere: partial and uncertain dates, seasons and
intervals, series with numbered rounds, participants, commitments (some fulfilled by a later
meeting), several sources of each kind, multi-line text and non-ASCII names. The people, places
and bodies are invented; the country codes are real ISO codes (the loader checks them).

Meetings go in one folder per year (``OUT/2019/…``), series in ``OUT/series/``. The same seed
gives the same files, byte for byte.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

# Held meetings are dated up to HELD_UNTIL so that `check` never sees a held meeting in the future;
# planned ones fall after it.
FIRST_YEAR, HELD_UNTIL, LAST_YEAR = 1995, 2025, 2028

REGIONS = {
    "Central Asia": ["KZ", "KG", "TJ", "TM", "UZ"],
    "South Caucasus": ["AM", "AZ", "GE"],
    "Nordic": ["DK", "FI", "IS", "NO", "SE"],
    "Baltic": ["EE", "LV", "LT"],
    "Andean": ["BO", "CO", "EC", "PE"],
    "Mekong": ["KH", "LA", "MM", "TH", "VN"],
    "Gulf": ["BH", "KW", "OM", "QA", "SA", "AE"],
    "Sahel": ["BF", "ML", "MR", "NE", "TD"],
    "Visegrad": ["CZ", "HU", "PL", "SK"],
    "Pacific": ["FJ", "KI", "PG", "SB", "TO", "VU", "WS"],
}
PARTNERS = ["JP", "KR", "TR", "DE", "FR", "IN", "CN", "US", "GB", "IT", "ES", "CA", "AU", "BR", "ID", "EG", "ZA"]
PARTNER_NAMES = {
    "JP": "Japan", "KR": "Korea", "TR": "Türkiye", "DE": "Germany", "FR": "France", "IN": "India", "CN": "China",
    "US": "United States", "GB": "United Kingdom", "IT": "Italy", "ES": "Spain", "CA": "Canada",
    "AU": "Australia", "BR": "Brazil", "ID": "Indonesia", "EG": "Egypt", "ZA": "South Africa",
}
# Written as a user would: codes, names, accented and former names all resolve.
COUNTRY_SPELLINGS = {"TR": ["TR", "Türkiye", "Turkey"], "KR": ["KR", "South Korea"], "DE": ["DE", "Germany"], "KG": ["KG", "Kyrgyzstan"]}

KINDS = [
    ("summit", "Summit", "Heads of State", 4),
    ("foreign-ministers", "Foreign Ministers' Meeting", "Foreign Minister", 8),
    ("senior-officials", "Senior Officials' Meeting", "Deputy Foreign Minister", 8),
    ("ambassadors", "Ambassadors' Meeting", "Ambassador", 4),
    ("intellectual-dialogue", "Intellectual Dialogue", "Professor", 3),
    ("expert", "Expert Meeting", "Director", 5),
    ("business", "Business Dialogue", "Chair", 3),
    ("parliamentary", "Parliamentary Friendship Meeting", "Member of Parliament", 3),
    ("forum", "Investment Forum", "Minister of Economy", 3),
    ("visit", "Official Visit", "President", 4),
    ("call", "Telephone Call", "Prime Minister", 3),
    ("other", "Cultural Festival", "Cultural Attaché", 2),
]
THEMES = [
    "transport corridors", "water management", "energy cooperation", "renewable energy",
    "customs simplification", "visa facilitation", "university exchanges", "agricultural exports",
    "digital connectivity", "disaster risk reduction", "public health", "critical minerals",
    "border management", "tourism", "climate adaptation", "regional security",
    "cultural heritage", "small and medium enterprises", "investment protection", "aviation links",
    "fisheries", "counter-narcotics", "women's economic empowerment", "vocational training",
]
GIVEN = ["Aigerim", "Bolat", "Chiara", "Dilnoza", "Emre", "Farida", "Goran", "Hiroko", "Ingrid", "Jamshid",
         "Kenji", "Lucía", "Mehmet", "Nodira", "Oğuz", "Paulo", "Rustam", "Saule", "Tomasz", "Ulla",
         "Viktor", "Wen", "Yusuf", "Zarina", "Åsa", "Élodie", "Søren", "Nguyễn"]
FAMILY = ["Abenova", "Berdiyev", "Castellano", "Demir", "Eriksen", "Fujimori", "Grabowski", "Haydarov",
          "Ito", "Jurayev", "Kowalczyk", "Lindqvist", "Mirzaeva", "Nakamura", "Okonkwo", "Petrescu",
          "Qodirov", "Rahimova", "Sato", "Tashkentova", "Uçar", "Vasquez", "Wójcik", "Yamada", "Žukauskas"]
CITIES = ["Port Amberly", "Novo Seltan", "Kestrel Bay", "Aranga", "Velmora", "Istrakent", "Dunmere",
          "Sólvík", "Quillon", "Tamarind", "Zhelezny Ostrov", "Bellhaven", "Oruma", "Castel Verano"]
VENUES = ["Palace of Nations", "Harbour Conference Centre", "Ministry of Foreign Affairs", "Grand Hotel",
          "Congress Hall", "Presidential Residence", "University Auditorium", None, None]
PUBLISHERS = ["Ministry of Foreign Affairs", "Northwind Press Agency", "Daily Meridian", "The Steppe Review",
              "Gazette of the Isles", "Policy Institute for Regional Studies", "Harbour Times", "Orient Wire"]
ORGS = ["Council of Regional Cooperation", "Development Bank of the South", "Chamber of Commerce",
        "Institute for Strategic Studies", "Parliamentary Assembly", "Trade Promotion Agency"]
ROLES_EXTRA = ["Deputy Minister", "State Secretary", "Special Envoy", "Head of Department", "Adviser"]
STATUS_FUTURE = ["planned"] * 8 + ["postponed", "cancelled"]
STATUS_PAST = ["held"] * 30 + ["postponed", "cancelled"]
MODES = [None, None, None, "in-person", "in-person", "video", "phone", "hybrid"]


def toml_str(value: str) -> str:
    """A TOML basic string (JSON escapes are valid TOML escapes)."""
    return json.dumps(value, ensure_ascii=False)


def toml_multiline(value: str) -> str:
    """A long text as TOML writes it by hand: a multi-line string with line-continuations."""
    words = value.split(" ")
    lines, current = [], ""
    for w in words:
        if current and len(current) + len(w) + 1 > 96:
            lines.append(current + " \\")
            current = w
        else:
            current = f"{current} {w}" if current else w
    lines.append(current)
    body = "\n".join(lines).replace('"""', '\\"\\"\\"')
    return f'"""\\\n{body}"""'


def toml_list(values: list[str]) -> str:
    if sum(len(v) for v in values) < 70:
        return "[" + ", ".join(toml_str(v) for v in values) + "]"
    return "[\n" + "".join(f"  {toml_str(v)},\n" for v in values) + "]"


class Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    # -- pieces ------------------------------------------------------------------------------
    def person(self) -> str:
        r = self.rng
        return f"{r.choice(GIVEN)} {r.choice(FAMILY)}"

    def sentence(self, themes: list[str]) -> str:
        r = self.rng
        t = r.choice(themes)
        return r.choice(
            [
                f"The parties reviewed progress on {t} and agreed to keep the matter under review.",
                f"Delegations exchanged views on {t}, with particular attention to financing.",
                f"A joint working group on {t} reported on its first year of work.",
                f"The ministers welcomed the memorandum on {t} signed the previous year.",
                f"Participants noted that \"{t}\" remains a priority of the Dialogue.",
                f"Discussion of {t} was deferred to the next round at the host's request.",
            ]
        )

    def paragraph(self, themes: list[str], low: int, high: int) -> str:
        return " ".join(self.sentence(themes) for _ in range(self.rng.randint(low, high)))

    def date(self, year: int, past: bool) -> tuple[str, bool, str | None]:
        """(TOML value, is a native date, the source's wording or None)."""
        r = self.rng
        month, day = r.randint(1, 12), r.randint(1, 28)
        roll = r.random()
        if roll < 0.55:
            return f"{year}-{month:02d}-{day:02d}", True, None
        if roll < 0.75:
            return f'"{year}-{month:02d}"', False, r.choice([None, f"in {month:02d}/{year}", "early in the month"])
        if roll < 0.82:
            return f'"{year}"', False, r.choice([None, f"sometime in {year}"])
        if roll < 0.86:
            return f'"{year}-{r.randint(21, 23)}"', False, "in the season named by the source"
        if roll < 0.90:
            q = r.choice("~?%")
            return f'"{year}-{month:02d}{q}"', False, "the source is unsure of the month"
        if roll < 0.95 and day <= 25:
            return f'"{year}-{month:02d}-{day:02d}/{year}-{month:02d}-{day + r.randint(1, 3):02d}"', False, None
        if roll < 0.97 and past and year % 10 != 0:
            return f'"{str(year)[:3]}X"', False, "some time in the decade"
        return f'"{year}-{month:02d}-XX"', False, None

    def sources(self, year: int) -> list[str]:
        r = self.rng
        out = []
        for i in range(r.choice([1, 1, 2, 2, 2, 3, 4])):
            kind = r.choice(["official", "press", "press", "analysis", None])
            lines = ["[[sources]]", f"title = {toml_str(f'{r.choice(THEMES).capitalize()}: report no. {r.randint(1, 9999)}')}"]
            if r.random() < 0.9:
                lines.append(f"publisher = {toml_str(r.choice(PUBLISHERS))}")
            if kind == "analysis" or r.random() < 0.3:
                lines.append(f"author = {toml_str(self.person())}")
            if r.random() < 0.7:
                lines.append(f'url = "https://example.org/{year}/{r.randint(1000, 99999)}/item-{i}"')
            pub_year = min(year + r.choice([0, 0, 0, 1]), HELD_UNTIL)
            if r.random() < 0.85:
                lines.append(f"published = {pub_year}-{r.randint(1, 12):02d}-{r.randint(1, 28):02d}")
            elif r.random() < 0.5:
                lines.append(f'published = "{pub_year}-{r.randint(1, 12):02d}"')
            if kind:
                lines.append(f'kind = "{kind}"')
            if r.random() < 0.4:
                lines.append(f"note = {toml_str('Quoted by ' + r.choice(PUBLISHERS) + '; the original is not at hand.')}")
            out.append("\n".join(lines) + "\n")
        return out

    # -- records -----------------------------------------------------------------------------
    def series(self, index: int) -> tuple[str, dict[str, object], str]:
        r = self.rng
        region = r.choice(list(REGIONS))
        partner = r.choice(PARTNERS)
        kind, label, role, _ = r.choice(KINDS[:9])
        members = [partner, *REGIONS[region]]
        slug = f"{region.lower().replace(' ', '-')}-{partner.lower()}-{kind}-{index}"
        name = f"{region} plus {PARTNER_NAMES[partner]} {label}"
        established = r.randint(FIRST_YEAR - 10, FIRST_YEAR)  # before any of its rounds
        info = {"id": slug, "kind": kind, "role": role, "members": members, "themes": r.sample(THEMES, 6)}
        lines = [
            f"name = {toml_str(name)}",
            f"aliases = {toml_list([f'{region}+{partner} {label}', f'{partner}-{region} format no. {index}'])}",
            f"dialogue = {toml_str(f'{region} plus {PARTNER_NAMES[partner]} Dialogue')}",
            f'kind = "{kind}"',
            f'established = "{established}"' if r.random() < 0.5 else f'established = "{established}-{r.randint(1, 12):02d}"',
            f"members = {toml_list(members)}",
            f"description = {toml_multiline(self.paragraph(info['themes'], 2, 5))}",  # type: ignore[arg-type]
            "",
        ]
        if r.random() < 0.5:
            lines += ["[[counts]]", f"held = {r.randint(1, 12)}", f'as_of = "{r.randint(2010, HELD_UNTIL)}-{r.randint(1, 12):02d}"',
                      f"source = {toml_str('Ministry of Foreign Affairs, annual report')}", ""]
        return slug, info, "\n".join(lines) + "\n" + "\n".join(self.sources(established + 1))

    def plan(self, index: int, series: list[dict[str, object]]) -> dict[str, object]:
        """A meeting's id, date, status and series: decided first, so rounds can follow the dates."""
        r = self.rng
        s = r.choice(series) if series and r.random() < 0.6 else None
        year = r.randint(FIRST_YEAR, LAST_YEAR) if r.random() < 0.05 else r.randint(FIRST_YEAR, HELD_UNTIL)
        past = year <= HELD_UNTIL
        date, native, date_text = self.date(year, past)
        kind = str(s["kind"]) if s is not None else r.choice(KINDS)[0]
        stem_date = date.strip('"')[:10].replace("/", "-").replace("X", "x").rstrip("?~%")
        return {
            "id": f"{stem_date}-{kind}-{index:06d}",
            "year": year,
            "date": date,
            "date_text": date_text,
            "sort": (date.strip('"').split("/")[0].replace("X", "0").rstrip("?~%"), index),
            "status": r.choice(STATUS_PAST if past else STATUS_FUTURE),
            "series": s,
            "kind": kind,
            "round": None,
        }

    def meeting(self, plan: dict[str, object], later: list[str]) -> str:
        r = self.rng
        s: dict[str, object] | None = plan["series"]  # type: ignore[assignment]
        kind = str(plan["kind"])
        _, label, role, _ = next(k for k in KINDS if k[0] == kind)
        if s is not None:
            members: list[str] = list(s["members"])  # type: ignore[call-overload]
            themes: list[str] = s["themes"]  # type: ignore[assignment]
        else:
            region = r.choice(list(REGIONS))
            members = [r.choice(PARTNERS), *r.sample(REGIONS[region], min(2, len(REGIONS[region])))]
            themes = r.sample(THEMES, 5)
        year, status = int(plan["year"]), str(plan["status"])  # type: ignore[call-overload]
        host = r.choice(members)
        title = f"{label} of {members[0]} and {len(members) - 1} partner(s)" if s is None else f"{label}, round {plan['round']}"
        lines = [f"title = {toml_str(title)}", f"date = {plan['date']}"]
        if plan["date_text"]:
            lines.append(f"date_text = {toml_str(str(plan['date_text']))}")
        lines += [f'status = "{status}"', f'kind = "{kind}"']
        if s is not None:
            lines += [f'series = "{s["id"]}"']
            if r.random() < 0.9:
                lines.append(f"round = {plan['round']}")
        mode = r.choice(MODES)
        if mode:
            lines.append(f'mode = "{mode}"')
        spelled = [r.choice(COUNTRY_SPELLINGS.get(c, [c])) for c in members]
        lines.append(f"countries = {toml_list(spelled)}")
        if r.random() < 0.3:
            lines.append(f"organizations = {toml_list(r.sample(ORGS, r.randint(1, 2)))}")
        lines.append(f"summary = {toml_multiline(self.paragraph(themes, 1, 4))}")
        if r.random() < 0.5:
            lines.append(f"notes = {toml_multiline('Sources differ on details. ' + self.paragraph(themes, 1, 3))}")
        lines.append(f"topics = {toml_list(r.sample(themes, r.randint(1, 4)))}")
        if status == "held" and r.random() < 0.6:
            lines.append(f"outcomes = {toml_list([self.sentence(themes) for _ in range(r.randint(1, 3))])}")
        lines.append("")
        if r.random() < 0.85:
            lines += ["[place]", f"city = {toml_str(r.choice(CITIES))}", f'country = "{host}"']
            venue = r.choice(VENUES)
            if venue:
                lines.append(f"venue = {toml_str(venue)}")
            lines.append("")
        for i in range(r.choice([0, 1, 2, 2, 3, 4, 6])):
            lines += ["[[participants]]", f"name = {toml_str(self.person())}",
                      f"role = {toml_str(role if i == 0 else r.choice(ROLES_EXTRA))}", f'country = "{r.choice(members)}"']
            if r.random() < 0.2:
                lines.append(f"organization = {toml_str(r.choice(ORGS))}")
            if i == 0:
                lines.append("head_of_delegation = true")
            lines.append("")
        for _ in range(r.choice([0, 0, 1, 1, 2, 3])):
            lines += ["[[commitments]]", f"text = {toml_str('To ' + r.choice(['prepare', 'sign', 'review', 'launch']) + ' a programme on ' + r.choice(themes))}"]
            if r.random() < 0.6:
                lines.append(f'due = "{min(year + r.randint(0, 3), LAST_YEAR)}-{r.randint(1, 12):02d}"')
            roll = r.random()
            if roll < 0.15 and later:
                lines += ['status = "done"', f'fulfilled_by = "{r.choice(later)}"']
            elif roll < 0.25:
                lines.append('status = "dropped"')
            if r.random() < 0.5:
                lines.append(f"parties = {toml_list(spelled[:2])}")
            lines.append("")
        return "\n".join(lines) + "\n" + "\n".join(self.sources(year))


def generate(count: int, out: Path, seed: int = 1) -> int:
    """Write `count` meeting records (and their series) under out; returns the files written."""
    gen = Generator(seed)
    (out / "series").mkdir(parents=True, exist_ok=True)
    series = []
    written = 0
    for i in range(max(3, count // 40)):
        slug, info, text = gen.series(i + 1)
        (out / "series" / f"{slug}.toml").write_text(text, encoding="utf-8")
        series.append(info)
        written += 1
    plans = [gen.plan(i + 1, series) for i in range(count)]
    # Rounds follow the dates within each series (undated-looking plans sort by their index).
    for s in series:
        members = sorted((p for p in plans if p["series"] is s), key=lambda p: p["sort"])  # type: ignore[arg-type,return-value]
        for n, p in enumerate(members, start=1):
            p["round"] = n
    # A commitment is fulfilled by a meeting that comes after it: index plans by date.
    ordered = sorted(plans, key=lambda p: p["sort"])  # type: ignore[arg-type,return-value]
    position = {id(p): i for i, p in enumerate(ordered)}
    for p in plans:
        at = position[id(p)]
        later = [str(q["id"]) for q in ordered[at + 1 : at + 40]]
        text = gen.meeting(p, later)
        folder = out / str(p["year"])
        folder.mkdir(exist_ok=True)
        (folder / f"{p['id']}.toml").write_text(text, encoding="utf-8")
        written += 1
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, required=True, help="how many meeting records")
    parser.add_argument("--out", type=Path, required=True, help="folder to write into (created)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    args = parser.parse_args(argv)
    if args.count < 0:
        parser.error("--count must be 0 or more")
    written = generate(args.count, args.out, args.seed)
    sys.stderr.write(f"wrote {written} files to {args.out}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
