"""Demo taxonomy, fictional sponsors and the text of the fixed pages (home, about, privacy, funders)."""

AREAS = [
    (
        "smouldering-myeloma-mgus",
        "Smouldering myeloma and MGUS",
        "Precursor states: risk stratification, monitoring and when to treat.",
    ),
    (
        "diagnosis-and-staging",
        "Diagnosis and staging",
        "Diagnostic criteria, ISS, R-ISS and R2-ISS, imaging and laboratory work-up.",
    ),
    (
        "transplant-eligible-ndmm",
        "Newly diagnosed: transplant-eligible",
        "Induction, autologous transplant and consolidation in fit patients.",
    ),
    (
        "transplant-ineligible-ndmm",
        "Newly diagnosed: transplant-ineligible",
        "First-line treatment for older or less fit patients.",
    ),
    (
        "maintenance",
        "Maintenance therapy",
        "Continuous treatment after first-line therapy: agents, duration and evidence.",
    ),
    (
        "relapsed-refractory",
        "Relapsed/refractory myeloma",
        "Sequencing treatment at first and later relapses.",
    ),
    (
        "car-t",
        "CAR T-cell therapy",
        "BCMA- and GPRC5D-directed CAR T cells: efficacy, toxicity and logistics.",
    ),
    (
        "bispecific-antibodies",
        "Bispecific antibodies",
        "T-cell engagers against BCMA, GPRC5D and FcRH5.",
    ),
    (
        "mrd",
        "Minimal residual disease (MRD)",
        "Measuring MRD and using it as an endpoint and to guide treatment.",
    ),
    (
        "high-risk-cytogenetics",
        "High-risk cytogenetics",
        "Defining high-risk disease and what changes for these patients.",
    ),
    (
        "supportive-care",
        "Supportive care",
        "Bone disease, infection prevention, renal impairment and symptom control.",
    ),
    ("al-amyloidosis", "AL amyloidosis", "Diagnosis and treatment of light-chain amyloidosis."),
]

# Fictional companies: the names are invented for the demo and say so.
SPONSORS = [
    (
        "aurelian-biosciences",
        "Aurelian Biosciences (fictional)",
        1,
        "Demo sponsor at the highest level.",
    ),
    ("corvid-pharma", "Corvid Pharma (fictional)", 2, "Demo sponsor."),
    ("halden-therapeutics", "Halden Therapeutics (fictional)", 2, "Demo sponsor."),
    ("meridian-oncology", "Meridian Oncology (fictional)", 3, "Demo sponsor."),
    (
        "lumen-health-foundation",
        "Lumen Health Foundation (fictional)",
        10,
        "Demo educational grant.",
    ),
]

HOME_TITLE = "Multiple myeloma education for healthcare professionals"
HOME_INTRO = (
    "Independent, referenced summaries of the trials, data and debates that shape myeloma care, "
    "written for haematologists, oncology nurses and pharmacists."
)

FUNDERS_INTRO = (
    "<p>MM Hub is free to use because pharmaceutical companies fund it. This page lists who they "
    "are and how the funding works. <b>The sponsors shown in this demo are fictional.</b></p>"
)

ABOUT_BODY = """
<h2>What MM Hub is</h2>
<p>MM Hub is an independent medical education website about multiple myeloma for healthcare professionals. It summarises new trial results, explains how to read them and connects them to everyday decisions in the clinic. Every article shows when it was published and when it was last reviewed, and cites its sources.</p>
<h2>Editorial independence</h2>
<p>The steering committee and the editors decide what MM Hub publishes. Sponsors fund the platform as a whole, or a specific educational programme through an educational grant. They do not choose topics, do not review content before publication and cannot ask for changes. Articles supported by a grant say so at the top.</p>
<p>Trial data are taken from peer-reviewed publications and presented as they were reported. Where a summary rounds or selects figures, the table says where each figure comes from.</p>
<h2>Corrections</h2>
<p>If you find an error, tell the editors. Corrections are made promptly and the "last reviewed" date is updated.</p>
"""

# A demo committee: the roles are real kinds of role, the names are placeholders.
STEERING_COMMITTEE = [
    (
        "Demo Chair (placeholder name)",
        "Chair; consultant haematologist",
        "Example University Hospital",
    ),
    (
        "Demo Member A (placeholder name)",
        "Consultant haematologist, transplant physician",
        "Example Cancer Centre",
    ),
    (
        "Demo Member B (placeholder name)",
        "Clinical nurse specialist in myeloma",
        "Example General Hospital",
    ),
    ("Demo Member C (placeholder name)", "Haematology pharmacist", "Example Teaching Hospital"),
]

PRIVACY_BODY = """
<h2>What we collect when you use MM Hub</h2>
<p>When you confirm that you are a healthcare professional, we store a record that the declaration was confirmed: which wording of the declaration, and when. This record does not contain your IP address, your name or anything else that identifies you.</p>
<h2>If you create an account</h2>
<p>An account is optional. When you create one, we keep your email address, your password in a form that cannot be read back (an Argon2 hash), the professional profile you fill in (profession, specialty, country, workplace, registration body and number), whether our team verified it, and a record of the declarations and consents you gave, with the exact wording and the time. We use them to run your account and to decide who may read content for verified healthcare professionals. We do not share them with sponsors.</p>
<p>When you ask to be verified, our team compares your registration number with the public register of the body that issued it.</p>
<h2>Cookies</h2>
<ul>
<li><b>Session cookie</b> (<code>sessionid</code>): keeps your visit together. Deleted when it expires after two weeks.</li>
<li><b>Declaration cookie</b> (<code>mmhub_hcp</code>): remembers for up to a year that you confirmed the declaration, so you are not asked on every visit. It holds only the version of the wording you confirmed, signed so it cannot be forged.</li>
<li><b>Security cookie</b> (<code>csrftoken</code>): protects forms against cross-site request forgery.</li>
</ul>
<p>MM Hub uses no advertising or third-party tracking cookies.</p>
<h2>Your rights</h2>
<p>You can delete the cookies at any time in your browser settings; you will then be asked to confirm the declaration again.</p>
<p>Account holders can see and download everything we hold about them, as a JSON file, on the "Your data" page of their account, and delete their account there. Deleting it removes the personal data; we keep counts that no longer point to you, such as how many times the declaration was confirmed. Contact the site operator about anything else.</p>
"""
