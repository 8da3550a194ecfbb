"""A seeded generator of myeloma articles, HCP users and their reading log, for benchmarks and tests.

The generative process (docs/recommendations.md explains it for readers):

* Articles fall in 12 areas, each with its own vocabulary of real myeloma terms split into four
  subtopics; 30% also belong to a second area. Text mixes subtopic, area, second-area and general
  clinical words. Publication days are spread evenly over the three years before ``end_day``.
  Each article has a hidden quality (log-normal) that makes some articles more popular.
* Users belong to an audience group (haematologists, oncologists, nurses, pharmacists,
  researchers; 5% unknown) and prefer 1-3 areas, drawn with group-specific affinities (nurses
  lean to supportive care and bone disease, researchers to trials and MRD), and within each area
  one favourite subtopic. Each user also belongs to a reading community of about 40 users around
  one area, which shares a reading list: the co-reading that collaborative filtering can learn.
* 20% of users never interact. The others have a log-normal number of events (median 20) spread
  evenly between the day they joined and ``end_day``. Each event is, with probability 0.6, an
  article from one of the user's areas (favourite subtopic 60% of the time) published about 40
  days earlier; 0.2 one of the newest items on the community's reading list; 0.2 a recent article
  from any area. Candidates near the target publication day compete on quality, so good articles
  get read more. 12% of events are bookmarks (weight 3), the rest reads (weight 1). A user meets
  an article once: repeated picks are dropped, and the log is sorted by day.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse

from .data import BOOKMARK_WEIGHT, READ_WEIGHT, Catalogue, Interactions, SyntheticTruth

AREA_TERMS: dict[str, list[str]] = {
    "Newly diagnosed myeloma": [
        "newly diagnosed", "induction", "VRd", "bortezomib", "lenalidomide", "dexamethasone",
        "daratumumab", "quadruplet", "D-VRd", "transplant-eligible", "transplant-ineligible",
        "frailty", "IMWG frailty score", "CRAB criteria", "SLiM-CRAB", "serum free light chains",
        "M-protein", "PERSEUS", "CEPHEUS", "GRIFFIN", "IsKia", "isatuximab", "KRd", "front-line",
        "stringent complete response", "R-ISS staging", "first-line", "diagnostic work-up",
    ],
    "Maintenance therapy": [
        "lenalidomide maintenance", "Myeloma XI", "continuous therapy", "fixed duration",
        "treatment-free interval", "second primary malignancy", "daratumumab maintenance",
        "ixazomib", "bortezomib maintenance", "MRD-guided cessation", "progression-free survival",
        "dose reduction", "neutropenia", "thromboprophylaxis", "adherence", "oral therapy",
        "AURIGA", "MASTER", "CASSIOPEIA", "discontinuation", "long-term toxicity",
        "lenalidomide-refractory", "maintenance duration", "diarrhoea", "skin rash",
    ],
    "Relapsed/refractory myeloma": [
        "relapsed", "refractory", "triple-class refractory", "penta-refractory", "pomalidomide",
        "carfilzomib", "Kd", "DKd", "IsaPd", "selinexor", "elotuzumab", "belantamab mafodotin",
        "DREAMM-7", "DREAMM-8", "CANDOR", "APOLLO", "ICARIA", "salvage therapy",
        "lines of therapy", "retreatment", "biochemical relapse", "extramedullary disease",
        "plasma cell leukaemia", "venetoclax", "mezigdomide", "iberdomide", "CELMoD",
        "ocular toxicity",
    ],
    "CAR-T and bispecifics": [
        "CAR-T", "ciltacabtagene autoleucel", "cilta-cel", "idecabtagene vicleucel", "ide-cel",
        "BCMA", "GPRC5D", "FcRH5", "teclistamab", "elranatamab", "talquetamab", "linvoseltamab",
        "cevostamab", "bispecific antibody", "T-cell engager", "cytokine release syndrome",
        "ICANS", "tocilizumab", "step-up dosing", "leukapheresis", "bridging therapy",
        "KarMMa-3", "CARTITUDE-4", "MajesTEC-1", "MonumenTAL-1", "MagnetisMM-3",
        "hypogammaglobulinaemia", "delayed neurotoxicity",
    ],
    "Transplant": [
        "autologous stem cell transplant", "ASCT", "high-dose melphalan", "melphalan 200",
        "stem cell mobilisation", "plerixafor", "G-CSF", "apheresis", "engraftment",
        "tandem transplant", "consolidation", "allogeneic transplant",
        "graft-versus-host disease", "transplant eligibility", "DETERMINATION", "IFM 2009",
        "EMN02", "FORTE", "conditioning", "mucositis", "febrile neutropenia",
        "early versus delayed transplant", "salvage transplant", "CD34 yield",
        "transplant-related mortality",
    ],
    "Smouldering myeloma": [
        "smouldering myeloma", "MGUS", "monoclonal gammopathy", "high-risk smouldering",
        "20/2/20 model", "Mayo 2018 criteria", "progression risk", "watch and wait",
        "early intervention", "E3A06", "AQUILA", "QuiRedex", "iStopMM", "screening",
        "precursor disease", "free light chain ratio", "bone marrow plasma cells",
        "imaging surveillance", "GEM-CESAR", "evolving pattern", "MGRS", "active monitoring",
        "curative strategy", "immunoparesis",
    ],
    "Supportive care": [
        "supportive care", "infection prophylaxis", "antiviral prophylaxis", "aciclovir",
        "co-trimoxazole", "vaccination", "immunoglobulin replacement", "anaemia",
        "erythropoietin", "renal impairment", "cast nephropathy", "peripheral neuropathy",
        "fatigue", "pain management", "palliative care", "psychological support", "nutrition",
        "exercise", "low molecular weight heparin", "hydration", "patient education",
        "nurse-led clinic", "symptom burden", "shared decision making", "caregiver",
        "quality of life",
    ],
    "Cytogenetics and risk": [
        "cytogenetics", "FISH", "del(17p)", "TP53", "t(4;14)", "t(14;16)", "t(14;20)",
        "gain 1q", "amp(1q21)", "1q21+", "hyperdiploid", "double-hit", "high-risk cytogenetics",
        "ultra-high-risk", "R2-ISS", "IMS/IMWG consensus", "gene expression profiling", "SKY92",
        "LDH", "circulating plasma cells", "clonal evolution", "copy number", "biallelic",
        "MAF", "CCND1", "risk-adapted therapy", "molecular classification",
    ],
    "MRD": [
        "minimal residual disease", "MRD negativity", "sustained MRD negativity",
        "next-generation flow", "EuroFlow", "next-generation sequencing", "clonoSEQ",
        "sensitivity threshold", "bone marrow aspirate", "mass spectrometry", "MALDI-TOF",
        "imaging MRD", "surrogate endpoint", "ODAC", "i2TEAMM", "MRD-adapted therapy", "MIDAS",
        "MRD conversion", "peripheral blood MRD", "circulating tumour DNA", "haemodilution",
        "assay standardisation", "MRD kinetics", "10-6 sensitivity",
    ],
    "Amyloidosis": [
        "AL amyloidosis", "light chain amyloidosis", "cardiac involvement", "NT-proBNP",
        "troponin", "Mayo staging", "ANDROMEDA", "Dara-CyBorD", "haematological response",
        "organ response", "dFLC", "renal amyloidosis", "proteinuria", "Congo red",
        "amyloid typing", "birtamimab", "anselamimab", "fibril-directed therapy",
        "autonomic neuropathy", "orthostatic hypotension", "ATTR", "fat pad biopsy",
        "early mortality", "cardiac staging",
    ],
    "Bone disease": [
        "myeloma bone disease", "lytic lesions", "zoledronic acid", "denosumab",
        "bisphosphonates", "osteonecrosis of the jaw", "skeletal-related events",
        "pathological fracture", "vertebral compression fracture", "kyphoplasty",
        "vertebroplasty", "radiotherapy", "spinal cord compression", "low-dose whole-body CT",
        "whole-body MRI", "PET-CT", "osteoclast", "RANKL", "DKK1", "sclerostin",
        "hypercalcaemia", "dental review", "calcium and vitamin D", "bone pain",
        "orthopaedic surgery",
    ],
    "Trials and methods": [
        "randomised controlled trial", "phase 3", "hazard ratio", "overall survival",
        "Kaplan-Meier", "censoring", "crossover", "real-world evidence", "external validity",
        "trial eligibility", "underrepresentation", "network meta-analysis",
        "patient-reported outcomes", "EORTC QLQ-C30", "QLQ-MY20", "non-inferiority",
        "interim analysis", "intention-to-treat", "subgroup analysis", "forest plot",
        "restricted mean survival time", "adaptive design", "registry", "cost-effectiveness",
        "number needed to treat", "reporting quality",
    ],
}  # fmt: skip

GENERAL_TERMS = (
    "myeloma patients study data analysis treatment therapy clinical outcomes response survival "
    "cohort median months years follow-up evidence guideline recommendation practice centre "
    "results trial safety efficacy toxicity dose regimen benefit risk management approach review "
    "update experience multidisciplinary haematology oncology clinic hospital NICE ESMO EHA ASH "
    "IMS abstract presentation discussion consensus expert team pathway referral assessment "
    "monitoring reported observed compared showed suggests important improved reduced increase "
    "population selection criteria baseline endpoint primary secondary duration rate proportion "
    "age older younger comorbidities performance status access cost nurse pharmacist physician"
).split()

TITLE_SUFFIXES = [
    "what the data show", "a practical update", "five-year follow-up", "results of a phase 3 trial",
    "real-world evidence", "a review for clinicians", "consensus recommendations",
    "lessons from the clinic", "an expert commentary", "what changes in practice",
    "questions that remain", "a case-based discussion",
]  # fmt: skip

GROUP_NAMES = ["haematologists", "oncologists", "nurses", "pharmacists", "researchers"]
GROUP_SHARES = np.array([0.35, 0.20, 0.20, 0.10, 0.10, 0.05])  # the last is "unknown"

AREA_NAMES = list(AREA_TERMS)
#: How common each area is, among articles and in readers' interests.
AREA_WEIGHT = np.array([1.3, 1.0, 1.3, 1.4, 0.9, 0.6, 0.9, 0.8, 0.8, 0.5, 0.6, 0.9])
#: Multipliers of AREA_WEIGHT by audience group (areas not listed: 1).
GROUP_AFFINITY = {
    "haematologists": {"Newly diagnosed myeloma": 1.5, "Transplant": 1.5, "MRD": 1.5},
    "oncologists": {"Relapsed/refractory myeloma": 2.0, "CAR-T and bispecifics": 2.0},
    "nurses": {"Supportive care": 5.0, "Bone disease": 3.0, "Transplant": 2.0},
    "pharmacists": {
        "Relapsed/refractory myeloma": 2.0,
        "Maintenance therapy": 2.0,
        "CAR-T and bispecifics": 2.0,
        "Supportive care": 1.5,
    },
    "researchers": {
        "Trials and methods": 4.0,
        "MRD": 3.0,
        "Cytogenetics and risk": 3.0,
        "Smouldering myeloma": 2.0,
    },
}

SUBTOPICS_PER_AREA = 4
SUBTOPIC_TERMS = 8
YEARS_OF_ARTICLES = 3
DEFAULT_END_DAY = 20_600.0  # 2026-05-27
COMMUNITY_SIZE = 40
COMMUNITY_LIST = 30


def generate(
    n_items: int,
    n_users: int,
    seed: int = 0,
    end_day: float = DEFAULT_END_DAY,
    median_events: float = 20.0,
    cold_share: float = 0.2,
) -> tuple[Catalogue, Interactions, SyntheticTruth]:
    """A catalogue, a time-ordered interaction log and the hidden truth behind them."""
    rng = np.random.default_rng(seed)
    articles = _articles(rng, n_items, end_day)
    catalogue = _catalogue(rng, articles)
    users = _users(rng, n_users)
    interactions = _interactions(rng, articles, users, end_day, median_events, cold_share)
    truth = SyntheticTruth(
        preferred_areas=users["preferred"],
        community=users["community"],
        item_subtopic=articles["subtopic"],
        item_quality=articles["quality"],
    )
    return catalogue, interactions, truth


# --- articles ---------------------------------------------------------------------------------


def _articles(rng: np.random.Generator, n_items: int, end_day: float) -> dict:
    n_areas = len(AREA_NAMES)
    primary = rng.choice(n_areas, size=n_items, p=AREA_WEIGHT / AREA_WEIGHT.sum())
    secondary = rng.integers(0, n_areas - 1, size=n_items)
    secondary = np.where(secondary >= primary, secondary + 1, secondary)  # never the primary
    secondary = np.where(rng.random(n_items) < 0.3, secondary, -1)
    subtopic_terms = [
        [
            rng.choice(len(terms), size=SUBTOPIC_TERMS, replace=False)
            for _ in range(SUBTOPICS_PER_AREA)
        ]
        for terms in AREA_TERMS.values()
    ]
    return {
        "primary": primary.astype(np.int32),
        "secondary": secondary.astype(np.int32),
        "subtopic": rng.integers(0, SUBTOPICS_PER_AREA, size=n_items).astype(np.int32),
        "subtopic_terms": subtopic_terms,
        "published": np.sort(rng.uniform(end_day - 365.25 * YEARS_OF_ARTICLES, end_day, n_items)),
        "quality": rng.lognormal(0.0, 0.6, n_items).astype(np.float32),
    }


def _catalogue(rng: np.random.Generator, articles: dict) -> Catalogue:
    n_items = len(articles["primary"])
    area_terms = list(AREA_TERMS.values())
    titles, texts = [], []
    lengths = rng.integers(80, 200, size=n_items)
    for item in range(n_items):
        area = articles["primary"][item]
        terms = area_terms[area]
        focus = [terms[i] for i in articles["subtopic_terms"][area][articles["subtopic"][item]]]
        second = articles["secondary"][item]
        others = area_terms[second] if second >= 0 else terms
        title = _title(rng, focus, terms)
        body = _body(rng, int(lengths[item]), focus, terms, others)
        titles.append(title)
        texts.append(f"{title}. {body}")
    rows = np.concatenate([np.arange(n_items), np.flatnonzero(articles["secondary"] >= 0)])
    cols = np.concatenate([articles["primary"], articles["secondary"][articles["secondary"] >= 0]])
    item_areas = scipy.sparse.csr_matrix(
        (np.ones(len(rows), np.float32), (rows, cols)), shape=(n_items, len(AREA_NAMES))
    )
    # Page ids as a CMS would give them: in publication order, not starting at 0.
    return Catalogue(
        item_ids=np.arange(1000, 1000 + n_items, dtype=np.int64),
        texts=texts,
        titles=titles,
        item_areas=item_areas,
        primary_area=articles["primary"],
        published_day=articles["published"].astype(np.float64),
        area_ids=np.arange(1, len(AREA_NAMES) + 1, dtype=np.int64),
        area_names=list(AREA_NAMES),
    )


def _title(rng: np.random.Generator, focus: list[str], terms: list[str]) -> str:
    first = focus[rng.integers(len(focus))]
    second = terms[rng.integers(len(terms))]
    suffix = TITLE_SUFFIXES[rng.integers(len(TITLE_SUFFIXES))]
    return f"{first[0].upper()}{first[1:]} and {second}: {suffix}"


def _body(rng, length, focus, terms, others) -> str:
    """Words drawn 35% from the subtopic, 20% the area, 10% the second area, 35% general."""
    source = rng.choice(4, size=length, p=[0.35, 0.2, 0.1, 0.35])
    pools = (focus, terms, others, GENERAL_TERMS)
    # Within a pool, earlier terms are more frequent (Zipf-like), as in real writing.
    picks = (rng.random(length) ** 1.5 * np.array([len(p) for p in pools])[source]).astype(int)
    return " ".join(pools[s][i] for s, i in zip(source.tolist(), picks.tolist(), strict=True))


# --- users ------------------------------------------------------------------------------------


def _users(rng: np.random.Generator, n_users: int) -> dict:
    n_areas = len(AREA_NAMES)
    group = rng.choice(len(GROUP_SHARES), size=n_users, p=GROUP_SHARES)
    group = np.where(group == len(GROUP_NAMES), -1, group).astype(np.int32)
    affinity = np.tile(AREA_WEIGHT, (len(GROUP_NAMES) + 1, 1))
    for index, name in enumerate(GROUP_NAMES):
        for area, factor in GROUP_AFFINITY[name].items():
            affinity[index, AREA_NAMES.index(area)] *= factor
    affinity /= affinity.sum(axis=1, keepdims=True)
    how_many = rng.choice([1, 2, 3], size=n_users, p=[0.4, 0.4, 0.2])
    preferred = [
        sorted(rng.choice(n_areas, size=count, replace=False, p=affinity[user_group]).tolist())
        for count, user_group in zip(how_many.tolist(), group.tolist(), strict=True)
    ]
    first_area = np.array([areas[0] for areas in preferred])
    favourite = rng.integers(0, SUBTOPICS_PER_AREA, size=(n_users, n_areas)).astype(np.int32)
    n_communities = max(1, n_users // COMMUNITY_SIZE)
    community_area = rng.choice(n_areas, size=n_communities, p=AREA_WEIGHT / AREA_WEIGHT.sum())
    community = rng.integers(0, n_communities, size=n_users)
    for area in range(n_areas):  # a user joins a community around one of their areas
        users_here = np.flatnonzero(first_area == area)
        communities_here = np.flatnonzero(community_area == area)
        if users_here.size and communities_here.size:
            community[users_here] = rng.choice(communities_here, size=users_here.size)
    return {
        "group": group,
        "preferred": preferred,
        "favourite": favourite,
        "community": community.astype(np.int32),
        "community_area": community_area,
    }


# --- the interaction log ----------------------------------------------------------------------


def _interactions(rng, articles, users, end_day, median_events, cold_share) -> Interactions:
    n_users = len(users["group"])
    counts = np.rint(rng.lognormal(np.log(median_events), 1.0, n_users)).astype(np.int64)
    counts = np.clip(counts, 1, 2000) * (rng.random(n_users) >= cold_share)
    start_day = end_day - 365.25 * YEARS_OF_ARTICLES
    joined = rng.uniform(start_day + 30, end_day - 1, n_users)
    user = np.repeat(np.arange(n_users), counts)
    day = rng.uniform(joined[user], end_day)
    source = rng.choice(3, size=user.size, p=[0.6, 0.2, 0.2])
    item = np.full(user.size, -1, np.int64)

    area_events = np.flatnonzero(source == 0)
    item[area_events] = _area_picks(rng, articles, users, user[area_events], day[area_events])
    community_events = np.flatnonzero(source == 1)
    picked = _community_picks(rng, articles, users, user[community_events], day[community_events])
    item[community_events] = picked
    trending = np.flatnonzero((source == 2) | (item < 0))  # also fills empty community picks
    item[trending] = _trending_picks(rng, articles, day[trending])

    kept = item >= 0
    user, item, day = user[kept], item[kept], day[kept]
    order = np.lexsort((item, user, day))
    user, item, day = user[order], item[order], day[order]
    _, first = np.unique(user * len(articles["primary"]) + item, return_index=True)
    first = np.sort(first)  # each user meets an article once; keep time order
    user, item, day = user[first], item[first], day[first]
    bookmark = rng.random(user.size) < 0.12
    return Interactions(
        user_idx=user.astype(np.int32),
        item_idx=item.astype(np.int32),
        day=day.astype(np.float64),
        weight=np.where(bookmark, BOOKMARK_WEIGHT, READ_WEIGHT).astype(np.float32),
        user_group=users["group"],
        group_names=list(GROUP_NAMES),
    )


def _near_and_good(rng, pool, published, quality, target_day, event_day, width, contenders):
    """Items of ``pool`` (sorted by day) published near target_day but not after event_day.

    ``contenders`` neighbours compete and the best quality wins, which makes popularity.
    Returns -1 where nothing in the pool was published yet.
    """
    if pool.size == 0:
        return np.full(target_day.size, -1, np.int64)
    pool_days = published[pool]
    latest = np.searchsorted(pool_days, event_day, side="right") - 1
    centre = np.clip(np.searchsorted(pool_days, target_day, side="right") - 1, 0, None)
    centre = np.minimum(centre, latest)
    offsets = rng.integers(-width, width + 1, size=(target_day.size, contenders))
    candidates = np.clip(centre[:, None] + offsets, 0, np.maximum(latest, 0)[:, None])
    best = candidates[np.arange(target_day.size), quality[pool[candidates]].argmax(axis=1)]
    return np.where(latest >= 0, pool[best], -1)


def _area_picks(rng, articles, users, user, day) -> np.ndarray:
    n_areas = len(AREA_NAMES)
    preferred = users["preferred"]
    which = (rng.random(user.size) * np.array([len(preferred[u]) for u in user])).astype(int)
    area = np.array([preferred[u][w] for u, w in zip(user.tolist(), which.tolist(), strict=True)])
    favourite = users["favourite"][user, area] if user.size else np.zeros(0, np.int32)
    random_subtopic = rng.integers(0, SUBTOPICS_PER_AREA, size=user.size)
    subtopic = np.where(rng.random(user.size) < 0.6, favourite, random_subtopic)
    target = day - rng.exponential(40.0, user.size)
    picks = np.full(user.size, -1, np.int64)
    pool_key = articles["primary"].astype(np.int64) * SUBTOPICS_PER_AREA + articles["subtopic"]
    event_key = area * SUBTOPICS_PER_AREA + subtopic
    for key in range(n_areas * SUBTOPICS_PER_AREA):
        events = np.flatnonzero(event_key == key)
        if events.size:
            pool = np.flatnonzero(pool_key == key)  # already in publication order
            picks[events] = _near_and_good(
                rng,
                pool,
                articles["published"],
                articles["quality"],
                target[events],
                day[events],
                width=3,
                contenders=3,
            )
    return picks


def _community_picks(rng, articles, users, user, day) -> np.ndarray:
    """One of the newest items already published on the user's community reading list."""
    published = articles["published"]
    community = users["community"][user]
    picks = np.full(user.size, -1, np.int64)
    weights = articles["quality"].astype(np.float64)
    for index, area in enumerate(users["community_area"]):
        events = np.flatnonzero(community == index)
        if events.size == 0:
            continue
        pool = np.flatnonzero(articles["primary"] == area)
        size = min(COMMUNITY_LIST * 6, pool.size)
        reading_list = np.sort(
            rng.choice(pool, size=size, replace=False, p=weights[pool] / weights[pool].sum())
        )
        available = np.searchsorted(published[reading_list], day[events], side="right")
        back = (rng.random(events.size) * np.minimum(available, COMMUNITY_LIST // 2)).astype(int)
        chosen = available - 1 - back
        picks[events] = np.where(available > 0, reading_list[np.maximum(chosen, 0)], -1)
    return picks


def _trending_picks(rng, articles, day) -> np.ndarray:
    pool = np.arange(len(articles["primary"]))
    target = day - rng.exponential(10.0, day.size)
    return _near_and_good(
        rng, pool, articles["published"], articles["quality"], target, day, width=10, contenders=5
    )
