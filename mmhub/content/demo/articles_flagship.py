"""The flagship demo article: the Myeloma XI lenalidomide-maintenance randomisation.

Every figure comes from ../shared/content/myeloma-xi-maintenance.md, which records the checked
facts of Source A (Jackson et al., Lancet Oncol 2019), B (The ASCO Post summary of A) and
C (The Hematologist, transplant-eligible subgroup summary). No confidence intervals or safety
figures appear because the facts file does not give them.
"""

from .articles_library import DETUTE_2022, JACKSON_MAINT

MYELOMA_XI_REFERENCES = [
    JACKSON_MAINT(),
    {
        "authors": "",
        "title": "Lenalidomide maintenance vs observation in newly diagnosed multiple myeloma",
        "journal": "The ASCO Post",
        "year": "",
        "volume": "",
        "issue": "",
        "pages": "",
        "doi": "",
        "pmid": "",
        "pmcid": "",
        "url": "https://ascopost.com/News/59608",
    },
    {
        "authors": "",
        "title": "[Summary of Myeloma XI lenalidomide maintenance outcomes in transplant-eligible patients]",
        "journal": "The Hematologist",
        "year": "2022",
        "volume": "19",
        "issue": "4",
        "pages": "",
        "doi": "10.1182/hem.V19.4.2022411",
        "pmid": "",
        "pmcid": "",
        "url": "",
    },
    DETUTE_2022(),
]

ARTICLES = [
    {
        "slug": "myeloma-xi-lenalidomide-maintenance",
        "title": "Myeloma XI: lenalidomide maintenance versus observation after first-line therapy",
        "standfirst": "In the UK Myeloma XI trial, lenalidomide maintenance nearly doubled median "
        "progression-free survival. An overall survival benefit was seen after transplant, but not "
        "in patients who were ineligible for transplant.",
        "article_type": "trial_update",
        "published": "2026-11-18",
        "last_reviewed": "2026-11-20",
        "areas": [
            "maintenance",
            "transplant-eligible-ndmm",
            "transplant-ineligible-ndmm",
            "high-risk-cytogenetics",
        ],
        "supported_by": None,
        "body": [
            (
                "text",
                """
<h2>The question</h2>
<p>Before Myeloma XI, lenalidomide maintenance was known to delay progression, mostly in patients who had undergone autologous stem-cell transplantation (ASCT). Whether it also prolonged life was less clear, because individual trials disagreed. Few data existed for two groups that matter in everyday practice: patients with high-risk cytogenetics and patients who are not fit for transplant. Myeloma XI set out to answer the maintenance question in both transplant-eligible and transplant-ineligible patients, with cytogenetic subgroups planned from the start.<sup>1</sup></p>
<h2>An adaptive trial with three randomisations</h2>
<p>Myeloma XI was an open-label, randomised, phase 3 trial with an adaptive design, run at 110 NHS hospitals in England, Wales and Scotland (ISRCTN49407852; <a href="https://clinicaltrials.gov/study/NCT01554852">NCT01554852</a>).<sup>1</sup> A patient could be randomised up to three times:</p>
<ol>
<li><b>Induction.</b> Transplant-eligible patients received CTD or CRD (later KCRD); transplant-ineligible patients received attenuated CTD or CRD.</li>
<li><b>Intensification.</b> Patients with only a minimal or partial response to induction were randomised to CVD or no further induction therapy.</li>
<li><b>Maintenance.</b> Lenalidomide or observation. This article is about this third randomisation.</li>
</ol>
<p>Patients could enter the maintenance randomisation once they had completed their allocated induction and reached at least a minimal response.<sup>1,2</sup></p>
<h2>Maintenance schedule</h2>
<p>Lenalidomide was given at <b>10 mg</b> by mouth on days 1–21 of each 28-day cycle until disease progression, with dose adjustments for renal function and adverse events. The comparator was observation. Some secondary summaries quote 25 mg; the dose in the trial report is 10 mg.<sup>1</sup></p>
<p>Maintenance started about 3 months (100 days) after ASCT in transplant-eligible patients, and at maximum response to induction in transplant-ineligible patients.<sup>1</sup></p>
<h2>Why the arms are different sizes</h2>
<p>Allocation was 1:1 from 13 January 2011 to 27 June 2013. From 28 June 2013 to 11 August 2017 it changed to 2:1 in favour of lenalidomide. This is why the lenalidomide arm is larger. Randomisation was stratified by induction allocation, intensification allocation and centre.<sup>1</sup></p>
<h2>Populations and endpoints</h2>
<p>Progression-free survival (PFS) and overall survival (OS) were co-primary endpoints. Both were analysed by intention to treat (ITT) in all 1,971 randomised patients. Safety was analysed separately, in the safety population. Median follow-up was 31 months.<sup>1,2</sup></p>
""",
            ),
            ("trial_design", {"trial": "Myeloma XI", "heading": "Trial design"}),
            (
                "trial_results",
                {
                    "title": "Co-primary endpoints, intention-to-treat population",
                    "estimates": [("PFS", "All patients (ITT)"), ("OS", "All patients (ITT)")],
                    "note": "Median follow-up 31 months. HR, hazard ratio (lenalidomide vs observation); OS, overall survival; PFS, progression-free survival.",
                },
            ),
            (
                "text",
                """
<h2>Results in all patients</h2>
<p>Lenalidomide almost doubled median PFS, from 20 to 39 months, and cut the hazard of progression or death by more than half (HR 0.46). The PFS benefit held in every prespecified subgroup, including all cytogenetic risk groups.<sup>2</sup> In the ITT population, OS at 3 years did not differ significantly between the arms (78.6% vs 75.8%; HR 0.87, p = 0.15).<sup>2</sup></p>
<h2>Transplant-eligible versus transplant-ineligible patients</h2>
<p>Most of the trial's patients had received a transplant: 1,248 were transplant-eligible (730 lenalidomide, 518 observation). In this group, median PFS was 57 months with lenalidomide and 30 months with observation, and OS at 3 years was 87.5% and 80.2%. An OS benefit was reported.<sup>3</sup> In transplant-ineligible patients, lenalidomide also improved PFS, but no OS benefit was shown.<sup>1</sup></p>
""",
            ),
            (
                "trial_results",
                {
                    "title": "Transplant-eligible patients",
                    "estimates": [("PFS", "Transplant-eligible"), ("OS", "Transplant-eligible")],
                    "note": "The summary reports an OS benefit in this group without the hazard ratio. OS, overall survival; PFS, progression-free survival.",
                },
            ),
            (
                "forest_plot",
                {
                    "title": "Hazard ratios published for the maintenance randomisation",
                    "estimates": [
                        ("PFS", "All patients (ITT)"),
                        ("OS", "All patients (ITT)"),
                        ("PFS", "Transplant-eligible"),
                        ("OS", "Transplant-eligible"),
                    ],
                    "favours_left": "lenalidomide",
                    "favours_right": "observation",
                    "caption": "The summaries used here give the hazard ratios for all patients without their confidence intervals, and none for the transplant-eligible subgroup; the plot shows exactly that.",
                },
            ),
            (
                "text",
                """
<h2>High-risk cytogenetics</h2>
<p>Myeloma XI counted a patient as high risk if they had at least one of t(4;14), t(14;16), t(14;20), del(17p) or gain(1q), and as ultra-high risk if they had more than one. The PFS advantage of lenalidomide extended to these groups.<sup>1,2</sup></p>
<h2>What it means in the clinic</h2>
<ul>
<li>After ASCT, Myeloma XI supports lenalidomide maintenance until progression: PFS was longer and OS was better in the transplant-eligible subgroup.</li>
<li>In transplant-ineligible patients, maintenance delayed progression but did not extend survival in this trial. The decision rests on how well a patient tolerates treatment and what they prefer.</li>
<li>Look at the allocation ratio before comparing arm sizes. The 2:1 period explains the imbalance; it is not a sign of dropout.</li>
<li>Check the dose in any source you use: 10 mg on days 1–21 of 28, not 25 mg.</li>
</ul>
<p>The trial's later MRD analysis showed that more patients converted to MRD negativity on lenalidomide than on observation (30% vs 17%).<sup>4</sup> Our article on <a href="/articles/myeloma-xi-mrd-after-asct-lenalidomide/">MRD after autologous transplant in Myeloma XI</a> covers it in detail.</p>
""",
            ),
            ("references", MYELOMA_XI_REFERENCES),
        ],
    },
]
