"""A fictional party for `make demo`: generated names, never real people, in the situations of the seed reports.

- Tétouan: a provincial secretariat, its provincial council, and a branch office renewed twice whose current
  office holds every position the Tétouan report lists (head, deputy, treasurer and deputy, rapporteur and
  deputy, media officer, two committees, seven advisors).
- Rabat-Salé-Kénitra: a regional secretariat and the provincial secretaries of its seven provinces.
- Taounate: a provincial secretariat with local bodies in some of its 49 communes (constituted or dormant) and
  none in the others, as in a province whose structuring is under way.
- National bodies, and the youth and women's organizations with bodies at several levels.

Deterministic: the same seed gives the same party, and loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from tanzim.people.models import Gender, Person
from tanzim.people.services import person_create
from tanzim.territory.models import Territory

from .models import Body, BodyStatus, BodyType, Organization, PartyProfile, PositionType
from .services import Seat, body_create, body_set_status, office_renew, party_setup

# (Arabic, Latin) pairs, common Moroccan given names and family names; combined at random.
MEN = [
    ("محمد", "Mohamed"),
    ("أحمد", "Ahmed"),
    ("يوسف", "Youssef"),
    ("عبد الإله", "Abdelilah"),
    ("حسن", "Hassan"),
    ("رشيد", "Rachid"),
    ("عبد الرحيم", "Abderrahim"),
    ("مصطفى", "Mustapha"),
    ("إدريس", "Driss"),
    ("سعيد", "Said"),
    ("عمر", "Omar"),
    ("خالد", "Khalid"),
    ("هشام", "Hicham"),
    ("نبيل", "Nabil"),
    ("كريم", "Karim"),
    ("عبد العزيز", "Abdelaziz"),
    ("طارق", "Tarik"),
    ("أنس", "Anas"),
    ("بلال", "Bilal"),
    ("مروان", "Marouane"),
    ("إسماعيل", "Ismail"),
    ("زكرياء", "Zakaria"),
    ("عبد الصمد", "Abdessamad"),
    ("المهدي", "El Mehdi"),
    ("عبد الحق", "Abdelhak"),
    ("جمال", "Jamal"),
    ("عادل", "Adil"),
    ("سفيان", "Soufiane"),
    ("حمزة", "Hamza"),
    ("عثمان", "Otmane"),
]
WOMEN = [
    ("فاطمة", "Fatima"),
    ("خديجة", "Khadija"),
    ("نعيمة", "Naima"),
    ("سعاد", "Souad"),
    ("حنان", "Hanane"),
    ("ليلى", "Leila"),
    ("مريم", "Meryem"),
    ("سناء", "Sanaa"),
    ("نادية", "Nadia"),
    ("زينب", "Zineb"),
    ("كريمة", "Karima"),
    ("سهام", "Siham"),
    ("رجاء", "Rajae"),
    ("هند", "Hind"),
    ("أسماء", "Asmae"),
    ("إيمان", "Imane"),
    ("سلمى", "Salma"),
    ("وفاء", "Wafae"),
    ("لطيفة", "Latifa"),
    ("حفيظة", "Hafida"),
]
FAMILY = [
    ("العلوي", "Alaoui"),
    ("الإدريسي", "Idrissi"),
    ("بناني", "Bennani"),
    ("التازي", "Tazi"),
    ("الفاسي", "Fassi"),
    ("برادة", "Berrada"),
    ("الشرقاوي", "Cherkaoui"),
    ("الزياني", "Ziani"),
    ("العمراني", "Amrani"),
    ("الحسني", "Hassani"),
    ("بنجلون", "Benjelloun"),
    ("الصقلي", "Sekkali"),
    ("المرابط", "Mrabet"),
    ("الوزاني", "Ouazzani"),
    ("الريفي", "Rifi"),
    ("الجبلي", "Jebli"),
    ("الكتاني", "Kettani"),
    ("اليملاحي", "Yamlahi"),
    ("الخطيب", "Khatib"),
    ("بوزيد", "Bouzid"),
    ("أمزيان", "Amziane"),
    ("الطاهري", "Tahiri"),
    ("الناصري", "Nasiri"),
    ("السوسي", "Soussi"),
    ("الدكالي", "Doukkali"),
    ("الغماري", "Ghomari"),
    ("الحداد", "Haddad"),
    ("النجار", "Najjar"),
    ("المنصوري", "Mansouri"),
    ("الشاوي", "Chaoui"),
    ("بوعزة", "Bouazza"),
    ("الهواري", "Houari"),
    ("الرحماني", "Rahmani"),
    ("القادري", "Kadiri"),
    ("الطويل", "Tawil"),
    ("بنعيسى", "Benaissa"),
    ("الأنصاري", "Ansari"),
    ("العثماني", "Othmani"),
]

DEMO_PARTY = {
    "name_ar": "حزب الواحة الديمقراطي (حزب تجريبي)",
    "name_fr": "Parti de l'Oasis démocratique (parti de démonstration)",
    "short_name_ar": "حزب الواحة",
    "short_name_fr": "Parti de l'Oasis",
}

# Offices as the reports list them: position key → number of holders.
FULL_OFFICE = [
    ("head", 1),
    ("deputy_head", 1),
    ("treasurer", 1),
    ("deputy_treasurer", 1),
    ("rapporteur", 1),
    ("deputy_rapporteur", 1),
    ("media_officer", 1),
    ("parallel_sectors_committee_chair", 1),
    ("associative_committee_chair", 1),
    ("advisor", 7),
]
SMALL_OFFICE = [("head", 1), ("deputy_head", 1), ("treasurer", 1), ("rapporteur", 1), ("advisor", 3)]


class DemoBuilder:
    def __init__(self, *, acting_user, seed: int = 2026):
        self.user = acting_user
        self.rng = random.Random(seed)
        self.positions = {p.key: p for p in PositionType.objects.all()}
        self.types = {t.key: t for t in BodyType.objects.all()}
        self.orgs = {o.key: o for o in Organization.objects.all()}
        self.today = dt.date(2026, 11, 1)

    def unit(self, code: str) -> Territory:
        return Territory.objects.get(code=code)

    def person(self, commune: Territory | None, *, female: bool | None = None) -> Person:
        female = self.rng.random() < 0.35 if female is None else female
        first_ar, first_lat = self.rng.choice(WOMEN if female else MEN)
        last_ar, last_lat = self.rng.choice(FAMILY)
        year = self.rng.randint(1958, 2002)
        return person_create(
            acting_user=self.user,
            first_name_ar=first_ar,
            last_name_ar=last_ar,
            first_name_latin=first_lat,
            last_name_latin=last_lat,
            gender=Gender.FEMALE if female else Gender.MALE,
            birth_date=dt.date(year, self.rng.randint(1, 12), self.rng.randint(1, 28)),
            phone=f"+2126{self.rng.randint(10000000, 99999999)}",
            commune=commune,
        )

    def home_commune(self, territory: Territory | None) -> Territory | None:
        """A commune where a member of a body on `territory` lives."""
        if territory is None:
            return None
        if territory.level in ("commune", "arrondissement"):
            return territory
        communes = list(Territory.objects.filter(level="commune", path__startswith=territory.path).order_by("code"))
        return self.rng.choice(communes)

    def body(
        self,
        org: str,
        type_key: str,
        territory: Territory | None = None,
        parent: Body | None = None,
        status: str = BodyStatus.NOT_CONSTITUTED,
        label_ar: str = "",
        label_fr: str = "",
    ) -> Body:
        return body_create(
            acting_user=self.user,
            organization=self.orgs[org],
            body_type=self.types[type_key],
            territory=territory,
            parent=parent,
            status=status,
            label_ar=label_ar,
            label_fr=label_fr,
        )

    def office(
        self,
        body: Body,
        shape,
        held_on: dt.date,
        *,
        supervised_by: Body | None = None,
        keep: list[Seat] | None = None,
        notes: str = "",
    ) -> list[Seat]:
        seats = list(keep or [])
        taken = {s.position_type.key for s in seats}
        for key, count in shape:
            if key in taken:
                continue
            for _ in range(count):
                female = True if body.organization.key == "women" else None
                seats.append(Seat(self.positions[key], self.person(self.home_commune(body.territory), female=female)))
        office_renew(
            acting_user=self.user, body=body, held_on=held_on, seats=seats, supervised_by=supervised_by, notes=notes
        )
        return seats

    def build(self) -> None:
        d = dt.date
        # National bodies of the party.
        bureau = self.body("party", "national_executive", status=BodyStatus.CONSTITUTED)
        self.office(
            bureau,
            [
                ("head", 1),
                ("deputy_head", 1),
                ("treasurer", 1),
                ("rapporteur", 1),
                ("media_officer", 1),
                ("member", 12),
            ],
            d(2022, 1, 30),
        )
        committee = self.body("party", "national_committee", parent=bureau)
        self.office(committee, [("head", 1), ("member", 24)], d(2022, 1, 30))
        council = self.body("party", "national_council", parent=bureau)
        self.office(council, [("head", 1), ("member", 30)], d(2022, 1, 29))
        self.body(
            "party",
            "sectoral_body",
            parent=bureau,
            label_ar="قطاع الصحة",
            label_fr="Secteur de la santé",
            status=BodyStatus.CONSTITUTED,
        )
        self.body(
            "party",
            "forum",
            parent=bureau,
            label_ar="منتدى الأطر والكفاءات",
            label_fr="Forum des cadres et compétences",
            status=BodyStatus.CONSTITUTED,
        )
        group = self.body(
            "party",
            "parliamentary_group",
            parent=bureau,
            label_ar="فريق الحزب بمجلس النواب",
            label_fr="Groupe du parti à la Chambre des représentants",
        )
        self.office(group, [("head", 1), ("member", 9)], d(2021, 10, 8))

        # Tanger-Tétouan-Al Hoceima, province of Tétouan (the Tétouan report).
        north = self.body("party", "regional_office", self.unit("01"), bureau)
        self.office(north, SMALL_OFFICE, d(2023, 3, 12))
        tetouan = self.body("party", "provincial_office", self.unit("01.571"), north)
        self.office(tetouan, SMALL_OFFICE + [("media_officer", 1)], d(2023, 6, 4), supervised_by=north)
        council_tetouan = self.body("party", "provincial_council", self.unit("01.571"), tetouan)
        self.office(council_tetouan, [("head", 1), ("member", 10)], d(2025, 2, 22), supervised_by=tetouan)
        branch = self.body("party", "local_office", self.unit("01.571.01.11"), tetouan)
        first = self.office(branch, SMALL_OFFICE, d(2021, 5, 16), supervised_by=tetouan)
        # The renewal keeps the old treasurer, as renewals often do, and fills every position of the report.
        kept = [s for s in first if s.position_type.key == "treasurer"]
        self.office(
            branch,
            FULL_OFFICE,
            d(2025, 1, 19),
            supervised_by=tetouan,
            keep=kept,
            notes="تجديد مكتب الفرع تحت إشراف الكتابة الإقليمية (معطيات تجريبية).",
        )
        for code, status in (("01.571.01.07", BodyStatus.CONSTITUTED), ("01.571.03.01", BodyStatus.DORMANT)):
            b = self.body("party", "local_office", self.unit(code), tetouan)
            if status == BodyStatus.CONSTITUTED:
                self.office(b, SMALL_OFFICE, d(2024, 4, 7), supervised_by=tetouan)
            else:
                self.office(b, [("head", 1), ("treasurer", 1)], d(2019, 9, 1), supervised_by=tetouan)
                body_set_status(acting_user=self.user, body=b, status=BodyStatus.DORMANT)

        # Rabat-Salé-Kénitra: the regional secretariat and its provincial secretaries.
        rsk = self.body("party", "regional_office", self.unit("04"), bureau)
        self.office(rsk, SMALL_OFFICE + [("media_officer", 1)], d(2024, 11, 10))
        for province in Territory.objects.filter(parent__code="04").order_by("code"):
            p = self.body("party", "provincial_office", province, rsk)
            self.office(
                p,
                [("head", 1), ("deputy_head", 1), ("treasurer", 1), ("advisor", 2)],
                d(2024, self.rng.randint(1, 10), self.rng.randint(1, 28)),
                supervised_by=rsk,
            )

        # Fès-Meknès and Taounate: local bodies in some communes, dormant in others, none in the rest.
        fes = self.body("party", "regional_office", self.unit("03"), bureau)
        self.office(fes, SMALL_OFFICE, d(2023, 12, 3))
        taounate = self.body("party", "provincial_office", self.unit("03.531"), fes)
        self.office(taounate, SMALL_OFFICE + [("media_officer", 1)], d(2025, 10, 5), supervised_by=fes)
        communes = list(Territory.objects.filter(parent__code="03.531").order_by("code"))
        self.rng.shuffle(communes)
        for i, commune in enumerate(communes[:26]):
            b = self.body("party", "local_office", commune, taounate)
            if i < 19:
                self.office(
                    b, SMALL_OFFICE, d(2025, self.rng.randint(1, 10), self.rng.randint(1, 28)), supervised_by=taounate
                )
            else:
                self.office(b, [("head", 1)], d(2018, self.rng.randint(1, 12), 1), supervised_by=taounate)
                body_set_status(acting_user=self.user, body=b, status=BodyStatus.DORMANT)

        # Parallel organizations: youth and women, national and in the two provinces of the reports.
        for org in ("youth", "women"):
            top = self.body(org, "national_executive", status=BodyStatus.CONSTITUTED)
            self.office(top, [("head", 1), ("deputy_head", 1), ("treasurer", 1), ("member", 6)], d(2023, 5, 14))
            region = self.body(org, "regional_office", self.unit("01"), top)
            self.office(region, [("head", 1), ("treasurer", 1), ("advisor", 2)], d(2024, 2, 18))
            prov = self.body(org, "provincial_office", self.unit("01.571"), region)
            self.office(prov, [("head", 1), ("treasurer", 1), ("advisor", 2)], d(2024, 5, 26))
            # In Taounate the women's provincial congress is still to be held: the body is not constituted.
            fes_org = self.body(org, "regional_office", self.unit("03"), top)
            if org == "youth":
                self.office(fes_org, [("head", 1), ("advisor", 2)], d(2022, 6, 12))
            self.body(org, "provincial_office", self.unit("03.531"), fes_org)


def demo_load(*, acting_user=None, preset: str = "kitaba") -> bool:
    """Load the demo party once. Returns False (and changes nothing) when a party is already set up."""
    if PartyProfile.objects.exists():
        return False
    with transaction.atomic():
        party_setup(acting_user=acting_user, preset=preset, **DEMO_PARTY)
        DemoBuilder(acting_user=acting_user).build()
    return True
