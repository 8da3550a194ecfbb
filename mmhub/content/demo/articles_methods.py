"""The Kaplan–Meier methods illustration: survival computed from a real public data set.

Every number on that page is computed from the data when the page is rendered; the prose states
only what the data set's documentation says (R survival package, help page `flchain`).
"""

from mmhub.evidence.demo import FLCHAIN_NAME, FLCHAIN_REST

from .articles_library import _ref

DISPENZIERI_2012 = _ref(
    "Dispenzieri A, Katzmann JA, Kyle RA, et al.",
    "Use of nonclonal serum immunoglobulin free light chains to predict overall survival in the "
    "general population",
    "Mayo Clin Proc",
    "2012",
    "87",
    "6",
    "512-523",
    doi="10.1016/j.mayocp.2012.03.009",
)
KAPLAN_MEIER_1958 = _ref(
    "Kaplan EL, Meier P.",
    "Nonparametric estimation from incomplete observations",
    "J Am Stat Assoc",
    "1958",
    "53",
    "282",
    "457-481",
    doi="10.1080/01621459.1958.10501452",
)
R_FLCHAIN = _ref(
    "",
    "flchain: assay of serum free light chain for 7874 subjects",
    "R package survival, data set documentation",
    "",
    url="https://search.r-project.org/CRAN/refmans/survival/html/flchain.html",
)

ARTICLES = [
    {
        "slug": "methods-survival-curves-from-patient-level-data",
        "title": "Methods illustration: survival curves computed from patient-level data, with "
        "serum free light chains as the example",
        "standfirst": "How MM Hub draws Kaplan–Meier curves and computes hazard ratios from "
        "patient-level data, shown on a public data set about serum free light chains. A methods "
        "example, not a trial result.",
        "article_type": "educational_theme",
        "published": "2026-11-19",
        "last_reviewed": "2026-11-20",
        "areas": ["smouldering-myeloma-mgus", "diagnosis-and-staging"],
        "supported_by": None,
        "body": [
            (
                "text",
                """
<p><i>Methods illustration. This page shows how MM Hub computes survival from patient-level data. The data come from a public data set about serum free light chains in the general population; they are not from a myeloma trial, and the page makes no treatment claim.</i></p>
<h2>Why compute, not copy</h2>
<p>Most education sites paste a trial's Kaplan–Meier figure as an image. When the patient-level data are available, MM Hub computes the curves, the medians with their confidence intervals, the hazard ratio and the log-rank test from the data itself, with the conventions of R's <code>survival</code> package, the reference most publications use. Every number below is calculated when the page is built, and the figure comes with the same numbers as tables.</p>
<h2>The data</h2>
<p>The data set <code>flchain</code> ships with R's survival package and with scikit-survival. It holds 7,874 people from Olmsted County, Minnesota, aged 50 or over: a stratified random half of a study that linked serum free light chains (FLC), measured on stored samples, to later mortality.<sup>1,2</sup> The samples came from Dr Robert Kyle's study of the prevalence of monoclonal gammopathy of undetermined significance (MGUS), begun in 1995; Dr Angela Dispenzieri and colleagues found that higher FLC levels went with higher death rates.<sup>1,2</sup></p>
<p>The data set places each person in one of ten FLC groups, as used in the original analysis; the groups follow the sum of the kappa and lambda light chains. Below, the highest group is compared with the other nine. Time is days from enrolment to death or last contact, shown here in years.<sup>2</sup></p>
""",
            ),
            (
                "kaplan_meier",
                {
                    "dataset": FLCHAIN_NAME,
                    "title": "Overall survival by serum free light chain group",
                    "reference_arm": FLCHAIN_REST,
                    "endpoint_label": "Overall survival",
                    "display_unit": "years",
                    "risk_interval": 2,
                    "x_max": 14,
                    "confidence_interval": "log",
                    "show_ci": True,
                    "caption": "Methods illustration on public data (flchain), not trial data. Kaplan–Meier estimates with 95% confidence bands; ticks mark censored observations.",
                },
            ),
            (
                "text",
                """
<h2>How the numbers are computed</h2>
<ul>
<li><b>Curves:</b> Kaplan–Meier estimates.<sup>3</sup> Confidence intervals use R's default (a log transformation of the survival estimate with Greenwood's variance). SAS uses a log(−log) transformation by default, so SAS-based publications can show slightly different limits; our figures always say which one they use.</li>
<li><b>Medians:</b> the first time the curve reaches 50% or less, with the confidence interval read where the confidence limits cross 50%, as R does.</li>
<li><b>Hazard ratio:</b> a Cox proportional-hazards model with Efron's method for tied times (R's default), with its Wald confidence interval.</li>
<li><b>Log-rank test:</b> as R's <code>survdiff</code>.</li>
</ul>
<p>MM Hub's test suite checks these calculations against published reference output of R's survival package to four significant figures.</p>
<h2>Reading the figure</h2>
<p>The numbers at risk under the time axis show how many people were still followed at each time; where they are small, the curves are less certain, and the confidence bands widen. A hazard ratio summarises the whole follow-up in one number and assumes that the ratio of hazards stays constant over time; a figure lets readers check whether the curves separate early, late or steadily.</p>
""",
            ),
            ("references", [DISPENZIERI_2012, R_FLCHAIN, KAPLAN_MEIER_1958]),
        ],
    },
]
