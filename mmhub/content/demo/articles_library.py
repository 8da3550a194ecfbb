"""Demo library of 12 referenced multiple myeloma articles for MM Hub (format: FORMAT.md)."""

# ---------------------------------------------------------------------------
# Verification log
# Each reference below was checked against the search result(s) listed.
# Identifier fields that could not be confirmed in a search result are left "".
#
# KYLE_2002  - https://mayoclinic.pure.elsevier.com/en/publications/a-long-term-study-of-prognosis-in-monoclonal-gammopathy-of-undete
#              (abstract, authors, issue 8, pages 564-569);
#              https://vincentarelbundock.github.io/Rdatasets/doc/survival/mgus2.html (vol 346, year 2002);
#              https://metajournal.com/articles/1700225/long-term-study-prognosis-monoclonal-gammopathy-undetermined-significance
#              (full author list, 2002 Feb 21;346(8):564-9). DOI: one secondary citation listing only (a public GitHub
#              README reference list giving full citation + doi:10.1056/NEJMoa01133202). PMID not found: left empty.
# KYLE_2007  - http://47.251.13.51:8081/17582068 (PubMed record: 356(25):2582-90, DOI, abstract);
#              https://mayoclinic.elsevierpure.com/en/publications/clinical-course-and-prognosis-of-smoldering-asymptomatic-multiple (authors)
# RAJKUMAR_2014 - https://jitc.bmj.com/lookup/external-ref?access_num=10.1016/S1470-2045(14)70442-5&link_type=DOI
#              (vol 15, issue 12, pages e538-e548, DOI); https://mayoclinic.elsevierpure.com/en/publications/international-myeloma-working-group-updated-criteria-for-the-diag (authors);
#              criteria thresholds: http://wikilite.com/international-myeloma-working-group-updated-criteria-for-the-diag
#              and https://www.hematomorphology.info/bone-marrow/lymphomas/mature-b-cel-neoplasms/plasma-cell-myeloma/plasma-cell-myeloma-criteria-for-diagnosis/
#              (secondary reproductions of the paper's table). PMID not found: left empty.
# GREIPP_2005 - https://rdrr.io/cran/cliot/man/iss_multiple_myeloma.html (citation 23(15):3412-3420, DOI);
#              http://globalauthorid.com/WebPortal/ArticleView?wd=972CA157D4962543FA69361F4DE66C93FE501399CD4C70CF (abstract, stage survival).
# PALUMBO_2015 - https://ichgcp.net/fi/clinical-trials-registry/publications/102440-revised-international-staging-system-for-multiple-myeloma-a-report-from-international-myeloma
#              (title, authors, abstract); numbers: https://www.cancertherapyadvisor.com/home/cancer-topics/multiple-myeloma/imwg-revises-international-staging-system-for-multiple-myeloma/2/
#              and http://ashpublications.com/blood/article-split/134/Supplement_1/1773/427636/Validation-and-Improvement-Opportunities-of-the
#              (journal JCO 2015, 46-month follow-up). Volume 33, issue 26, pages 2863-2869, DOI and PMID 26240224:
#              secondary citation listings only (several public GitHub files pairing the full title with
#              doi:10.1200/JCO.2015.61.2267 and PMID 26240224); no PubMed/journal page found.
# JACKSON_INTENS - https://medworm.com/735354691/response-adapted-intensification-with-cyclophosphamide-bortezomib-and-dexamethasone-versus-no-inte/
#              (title, journal "The Lancet Haematology", findings);
#              https://ebusca.uv.mx/Record/pubmed-7043012/Details (library record: title, authors Jackson GH, Davies FE,
#              Pawlyn C, ..., Elsevier 2019, DOI 10.1016/S2352-3026(19)30167-X, PubMed 31624047, PMC7043012).
#              Volume, issue, pages not found: left empty.
# JACKSON_MAINT - /work/shared/content/myeloma-xi-maintenance.md (checked facts, Source A) and FORMAT.md example;
#              http://ashpublications.net/thehematologist/article/doi/10.1182/hem.V19.4.2022411/485625/Minimal-Residual-Disease-Negativity-in-Multiple
# DETUTE_2022 - https://pubmed.ncbi.nlm.nih.gov/35377708/?dopt=Abstract (full abstract, 40(25):2889-2900, DOI);
#              authors: http://ashpublications.net/thehematologist/article/doi/10.1182/hem.V19.4.2022411/485625/Minimal-Residual-Disease-Negativity-in-Multiple
# KUMAR_2016 - https://www.thelancet.com/journals/lanonc/article/PIIS1470-2045(16)30206-6/fulltext (summary, DOI from PII);
#              https://www.scribd.com/document/541906283/Kumar-et-al-2016-International-Myeloma-Working-Group-consensus-crit (17: e328-46);
#              https://mayoclinic.pure.elsevier.com/en/publications/international-myeloma-working-group-consensus-criteria-for-respon (authors).
#              Issue and PMID not found: left empty.
# MUNSHI_2017 - https://pmc.ncbi.nlm.nih.gov/articles/PMC5943640 (abstract, PMCID);
#              https://jamanetwork.com/journals/jamaoncology/article-abstract/2552677 (3(1):28-35, DOI);
#              http://businessdocbox.com/Biotech_and_Biomedical/99064517-White-rose-research-online-url-for-this-paper-version-accepted-version.html (authors). PMID not found.
# MUNSHI_2020 - http://47.251.13.51:8081/33284948 and https://pmc.ncbi.nlm.nih.gov/articles/PMC7724898
# RICHARDSON_2022 - http://ashpublications.net/thehematologist/article/doi/10.1182/hem.V19.5.202251/486313/High-Dose-Melphalan-Is-the-Tom-Brady-of-the?searchresult=1
#              (387(2):132-147); https://digitalcommons.library.tmc.edu/baylor_docs/612 (DOI, PMID, PMCID, abstract);
#              https://bmtctn.net/content/triplet-therapy-transplantation-and-maintenance-until-progression-myeloma (authors, abstract)
# MOREAU_2019 - https://pubmed.ncbi.nlm.nih.gov/31171419/ (citation, DOI, findings);
#              https://www.scribd.com/document/476701333/Bortezomib-thalidomide-and-dexamethasone-with-or-without-daratumumab-before-and-after-autologous-stem-cell-transplantation-for-newly-diagnosed-multi (authors)
# SONNEVELD_2024 - https://research.rug.nl/en/publications/daratumumab-bortezomib-lenalidomide-and-dexamethasone-for-multipl
#              (title, authors, 709 patients, 47.5-month follow-up); https://bloodcancerstoday.com/post/pieter-sonneveld-md-phd-talks-perseus-trial-results (NEJM, 2024);
#              48-month PFS and HR: https://www.cancernetwork.com/view/subcutaneous-daratumumab-combo-sustains-mrd-negative-status-in-ndmm
#              (secondary report); https://www.cun.es/en/research/scientific-publications/daratumumab-bortezomib-lenalidomide-dexamethasone-multiple-myeloma
#              (title, authors). Volume, issue, pages, DOI, PMID not found with the title in a result: left empty;
#              url= set to the research.rug.nl record.
# FACON_2019 - https://scribd.com/document/464366207/nejmoa1817249-pdf (380:2104-15, DOI, authors);
#              https://mayoclinic.pure.elsevier.com/en/publications/daratumumab-plus-lenalidomide-and-dexamethasone-for-untreated-mye (full abstract).
#              Issue and PMID not found: left empty.
# DURIE_2017 - https://pmc.ncbi.nlm.nih.gov/articles/PMC5546834 (389(10068):519-527, DOI, PMID, PMCID, authors; PMC lists
#              online date 23 Dec 2016); findings: https://www.valuebasedcancer.com/conference-correspondent/ash-2015/ash-2015-multiple-myeloma/2036-lenalidomide-dexamethasone-versus-bortezomib-lenalidomide-dexamethasone-in-newly-diagnosed-multiple-myeloma-results-of-the-phase-3-swog-s0777-trial
#              and http://www.nature.com/nrclinonc/journal/v14/n3/full/nrclinonc.2017.5.html (secondary reports).
# MUNSHI_2021 (KarMMa) - https://journaljams.org/study/karmma-2021.html (title, authors, NEJM 25 Feb 2021, findings);
#              https://www.geg-tech.com/blog/ide-cel-demonstrates-durable-responses-in-relapsed-refractory-multiple-myeloma/ (73%, 33%, 128 patients);
#              https://lirias.kuleuven.be/3408834 (NEJM 2021-02-25, vol 384, pages 705-716, authors). Issue 8, DOI and
#              PMID 33626253: secondary citation listings (public GitHub files giving "N Engl J Med 2021;384(8):705-716.
#              doi:10.1056/NEJMoa2024850" and a PubMed-sourced table row: 10.1056/nejmoa2024850 -> PubMed 33626253, title).
# BERDEJA_2021 - https://colab.ws/articles/10.1016%2FS0140-6736%2821%2900933-8 (authors, DOI, PMID);
#              https://journaljams.org/study/cartitude-1-2021.html (findings). Volume, issue, pages not found: left empty.
# MOREAU_2022 - http://47.251.13.51:8081/35661166 and https://pmc.ncbi.nlm.nih.gov/articles/PMC10587778 (citation, abstract);
#              https://journaljams.org/study/majestec-1-2022.html (DOR, PFS, safety figures);
#              https://pubcompare.ai/protocol/2vGP1YwB4C3bMWOeupZC (step-up dosing and premedication, methods text)
# LESOKHIN_2023 - https://hoparx.org/latest-news/elranatamab-in-relapsed-or-refractory-multiple-myeloma-phase-2-magnetismm-3-trial-results
#              (title and full abstract); https://esmo.org/oncology-news/efficacy-and-safety-of-elranatamab-bcma-cd3-bispecific-antibody-in-patients-with-relapsed-or-refractory-multiple-myeloma
#              (first author, Nature Medicine, 2023). DOI: secondary citation listings (public GitHub files pairing the
#              title / "MagnetisMM-3 Lesokhin 2023" with 10.1038/s41591-023-02528-9 and nature.com/articles/s41591-023-02528-9).
#              PMID left empty: listings disagree (37582952 vs 37679455). Co-authors, volume, issue, pages not found.
# SONNEVELD_2016 - https://pmc.ncbi.nlm.nih.gov/articles/PMC4920674
# RAJE_2018  - https://pubmed.ncbi.nlm.nih.gov/29429912/ (title, PMID, DOI, methods); first author:
#              https://biomed.reviewer.ly/app/publication/dc27bbe1-a76b-4ffa-868c-e9a36b860e99 ("Raje et al.");
#              1718 patients, renal and ONJ rates: https://pmc.ncbi.nlm.nih.gov/articles/PMC8036461/table/ijms-22-03389-t001/
#              and http://ashpublications.net/bloodadvances/article/5/3/725/475058/Denosumab-compared-with-zoledronic-acid-on-PFS-in
#              (secondary); non-inferiority: https://pmc.ncbi.nlm.nih.gov/articles/PMC7467415. Co-authors, volume, issue, pages left empty.
# TERPOS_2021 - https://docslib.org/doc/9665091/treatment-of-multiple-myeloma-related-bone-disease-recommendations-from-the-bone-working-group-of-the-international-myeloma-working-group
#              (authors, title, Lancet Oncol 2021, DOI, summary). Volume, issue, pages, PMID left empty.
# KASTRITIS_2021 - http://47.251.13.51:8081/34192431 (PubMed record: 385(1):46-58, DOI, abstract);
#              https://scribd.com/document/720360287/Daratumumab-Based-Treatment-for-Immunoglobulin-Light-Chain-Amyloidosis-NEJM (authors)
# PALLADINI_2022 - https://pubmed.ncbi.nlm.nih.gov/34517412/ (citation, DOI, abstract);
#              https://www.scribd.com/document/684820575/1-s2-0-S0006497121015962-main (authors)
# ---------------------------------------------------------------------------


def _ref(
    authors, title, journal, year, volume="", issue="", pages="", doi="", pmid="", pmcid="", url=""
):
    """Build one reference dict in the FORMAT.md shape."""
    return {
        "authors": authors,
        "title": title,
        "journal": journal,
        "year": year,
        "volume": volume,
        "issue": issue,
        "pages": pages,
        "doi": doi,
        "pmid": pmid,
        "pmcid": pmcid,
        "url": url,
    }


def KYLE_2002():
    return _ref(
        "Kyle RA, Therneau TM, Rajkumar SV, et al.",
        "A long-term study of prognosis in monoclonal gammopathy of undetermined significance",
        "N Engl J Med",
        "2002",
        "346",
        "8",
        "564-569",
        doi="10.1056/NEJMoa01133202",
    )


def KYLE_2007():
    return _ref(
        "Kyle RA, Remstein ED, Therneau TM, et al.",
        "Clinical course and prognosis of smoldering (asymptomatic) multiple myeloma",
        "N Engl J Med",
        "2007",
        "356",
        "25",
        "2582-2590",
        doi="10.1056/NEJMoa070389",
        pmid="17582068",
    )


def RAJKUMAR_2014():
    return _ref(
        "Rajkumar SV, Dimopoulos MA, Palumbo A, et al.",
        "International Myeloma Working Group updated criteria for the diagnosis of multiple myeloma",
        "Lancet Oncol",
        "2014",
        "15",
        "12",
        "e538-e548",
        doi="10.1016/S1470-2045(14)70442-5",
    )


def GREIPP_2005():
    return _ref(
        "Greipp PR, San Miguel J, Durie BG, et al.",
        "International staging system for multiple myeloma",
        "J Clin Oncol",
        "2005",
        "23",
        "15",
        "3412-3420",
        doi="10.1200/JCO.2005.04.242",
    )


def PALUMBO_2015():
    return _ref(
        "Palumbo A, Avet-Loiseau H, Oliva S, et al.",
        "Revised International Staging System for multiple myeloma: a report from International Myeloma Working Group",
        "J Clin Oncol",
        "2015",
        "33",
        "26",
        "2863-2869",
        doi="10.1200/JCO.2015.61.2267",
        pmid="26240224",
    )


def JACKSON_INTENS():
    return _ref(
        "Jackson GH, Davies FE, Pawlyn C, et al.",
        "Response-adapted intensification with cyclophosphamide, bortezomib, and dexamethasone versus no "
        "intensification in patients with newly diagnosed multiple myeloma (Myeloma XI): a multicentre, "
        "open-label, randomised, phase 3 trial",
        "Lancet Haematol",
        "2019",
        doi="10.1016/S2352-3026(19)30167-X",
        pmid="31624047",
        pmcid="PMC7043012",
    )


def JACKSON_MAINT():
    return _ref(
        "Jackson GH, Davies FE, Pawlyn C, et al.",
        "Lenalidomide maintenance versus observation for patients with newly diagnosed multiple myeloma "
        "(Myeloma XI): a multicentre, open-label, randomised, phase 3 trial",
        "Lancet Oncol",
        "2019",
        "20",
        "1",
        "57-73",
        doi="10.1016/S1470-2045(18)30687-9",
        pmcid="PMC6318225",
    )


def DETUTE_2022():
    return _ref(
        "de Tute RM, Pawlyn C, Cairns DA, et al.",
        "Minimal residual disease after autologous stem-cell transplant for patients with myeloma: prognostic "
        "significance and the impact of lenalidomide maintenance and molecular risk",
        "J Clin Oncol",
        "2022",
        "40",
        "25",
        "2889-2900",
        doi="10.1200/JCO.21.02228",
        pmid="35377708",
    )


def KUMAR_2016():
    return _ref(
        "Kumar S, Paiva B, Anderson KC, et al.",
        "International Myeloma Working Group consensus criteria for response and minimal residual disease "
        "assessment in multiple myeloma",
        "Lancet Oncol",
        "2016",
        "17",
        "",
        "e328-e346",
        doi="10.1016/S1470-2045(16)30206-6",
    )


def MUNSHI_2017():
    return _ref(
        "Munshi NC, Avet-Loiseau H, Rawstron AC, et al.",
        "Association of minimal residual disease with superior survival outcomes in patients with multiple "
        "myeloma: a meta-analysis",
        "JAMA Oncol",
        "2017",
        "3",
        "1",
        "28-35",
        doi="10.1001/jamaoncol.2016.3160",
        pmcid="PMC5943640",
    )


def MUNSHI_2020():
    return _ref(
        "Munshi NC, Avet-Loiseau H, Anderson KC, et al.",
        "A large meta-analysis establishes the role of MRD negativity in long-term survival outcomes in "
        "patients with multiple myeloma",
        "Blood Adv",
        "2020",
        "4",
        "23",
        "5988-5999",
        doi="10.1182/bloodadvances.2020002827",
        pmid="33284948",
        pmcid="PMC7724898",
    )


def RICHARDSON_2022():
    return _ref(
        "Richardson PG, Jacobus SJ, Weller EA, et al.",
        "Triplet therapy, transplantation, and maintenance until progression in myeloma",
        "N Engl J Med",
        "2022",
        "387",
        "2",
        "132-147",
        doi="10.1056/NEJMoa2204925",
        pmid="35660812",
        pmcid="PMC10040899",
    )


def MOREAU_2019():
    return _ref(
        "Moreau P, Attal M, Hulin C, et al.",
        "Bortezomib, thalidomide, and dexamethasone with or without daratumumab before and after autologous "
        "stem-cell transplantation for newly diagnosed multiple myeloma (CASSIOPEIA): a randomised, "
        "open-label, phase 3 study",
        "Lancet",
        "2019",
        "394",
        "10192",
        "29-38",
        doi="10.1016/S0140-6736(19)31240-1",
        pmid="31171419",
    )


def SONNEVELD_2024():
    return _ref(
        "Sonneveld P, Dimopoulos MA, Boccadoro M, et al.",
        "Daratumumab, bortezomib, lenalidomide, and dexamethasone for multiple myeloma",
        "N Engl J Med",
        "2024",
        url="https://research.rug.nl/en/publications/daratumumab-bortezomib-lenalidomide-and-dexamethasone-for-multipl",
    )


def FACON_2019():
    return _ref(
        "Facon T, Kumar S, Plesner T, et al.",
        "Daratumumab plus lenalidomide and dexamethasone for untreated myeloma",
        "N Engl J Med",
        "2019",
        "380",
        "",
        "2104-2115",
        doi="10.1056/NEJMoa1817249",
    )


def DURIE_2017():
    return _ref(
        "Durie BGM, Hoering A, Abidi MH, et al.",
        "Bortezomib with lenalidomide and dexamethasone versus lenalidomide and dexamethasone alone in "
        "patients with newly diagnosed myeloma without intent for immediate autologous stem-cell transplant "
        "(SWOG S0777): a randomised, open-label, phase 3 trial",
        "Lancet",
        "2017",
        "389",
        "10068",
        "519-527",
        doi="10.1016/S0140-6736(16)31594-X",
        pmid="28017406",
        pmcid="PMC5546834",
    )


def MUNSHI_2021():
    return _ref(
        "Munshi NC, Anderson LD Jr, Shah N, et al.",
        "Idecabtagene vicleucel in relapsed and refractory multiple myeloma",
        "N Engl J Med",
        "2021",
        "384",
        "8",
        "705-716",
        doi="10.1056/NEJMoa2024850",
        pmid="33626253",
    )


def BERDEJA_2021():
    return _ref(
        "Berdeja JG, Madduri D, Usmani SZ, et al.",
        "Ciltacabtagene autoleucel, a B-cell maturation antigen-directed chimeric antigen receptor T-cell "
        "therapy in patients with relapsed or refractory multiple myeloma (CARTITUDE-1): a phase 1b/2 "
        "open-label study",
        "Lancet",
        "2021",
        doi="10.1016/S0140-6736(21)00933-8",
        pmid="34175021",
    )


def MOREAU_2022():
    return _ref(
        "Moreau P, Garfall AL, van de Donk NWCJ, et al.",
        "Teclistamab in relapsed or refractory multiple myeloma",
        "N Engl J Med",
        "2022",
        "387",
        "6",
        "495-505",
        doi="10.1056/NEJMoa2203478",
        pmid="35661166",
        pmcid="PMC10587778",
    )


def LESOKHIN_2023():
    return _ref(
        "Lesokhin AM, et al.",
        "Elranatamab in relapsed or refractory multiple myeloma: phase 2 MagnetisMM-3 trial results",
        "Nat Med",
        "2023",
        doi="10.1038/s41591-023-02528-9",
    )


def SONNEVELD_2016():
    return _ref(
        "Sonneveld P, Avet-Loiseau H, Lonial S, et al.",
        "Treatment of multiple myeloma with high-risk cytogenetics: a consensus of the International Myeloma "
        "Working Group",
        "Blood",
        "2016",
        "127",
        "24",
        "2955-2962",
        doi="10.1182/blood-2016-01-631200",
        pmid="27002115",
        pmcid="PMC4920674",
    )


def RAJE_2018():
    return _ref(
        "Raje N, et al.",
        "Denosumab versus zoledronic acid in bone disease treatment of newly diagnosed multiple myeloma: an "
        "international, double-blind, double-dummy, randomised, controlled, phase 3 study",
        "Lancet Oncol",
        "2018",
        doi="10.1016/S1470-2045(18)30072-X",
        pmid="29429912",
    )


def TERPOS_2021():
    return _ref(
        "Terpos E, Zamagni E, Lentzsch S, et al.",
        "Treatment of multiple myeloma-related bone disease: recommendations from the Bone Working Group of "
        "the International Myeloma Working Group",
        "Lancet Oncol",
        "2021",
        doi="10.1016/S1470-2045(20)30559-3",
    )


def KASTRITIS_2021():
    return _ref(
        "Kastritis E, Palladini G, Minnema MC, et al.",
        "Daratumumab-based treatment for immunoglobulin light-chain amyloidosis",
        "N Engl J Med",
        "2021",
        "385",
        "1",
        "46-58",
        doi="10.1056/NEJMoa2028631",
        pmid="34192431",
    )


def PALLADINI_2022():
    return _ref(
        "Palladini G, Merlini G.",
        "How I treat AL amyloidosis",
        "Blood",
        "2022",
        "139",
        "19",
        "2918-2930",
        doi="10.1182/blood.2020008737",
        pmid="34517412",
    )


EDITORIAL_NOTE = (
    "<p><i>MM Hub editorial view: an unsigned opinion from the MM Hub editorial team, intended to prompt "
    "discussion. It is not a clinical guideline and does not replace local protocols.</i></p>"
)


ARTICLES = [
    # 1 ---------------------------------------------------------------------
    {
        "slug": "mgus-smouldering-myeloma-progression-risk",
        "title": "MGUS and smouldering myeloma: what the long-term Mayo Clinic cohorts say about progression risk",
        "standfirst": (
            "Two long-term Mayo Clinic cohorts are still the basis for counselling people with MGUS or smouldering "
            "myeloma about their risk of progression. We summarise them, and explain how the 2014 IMWG criteria "
            "changed who counts as smouldering."
        ),
        "article_type": "educational_theme",
        "published": "2026-06-04",
        "last_reviewed": "2026-06-04",
        "areas": ["smouldering-myeloma-mgus", "diagnosis-and-staging"],
        "supported_by": "halden-therapeutics",
        "body": [
            (
                "text",
                "<h2>Why the precursor states matter</h2>"
                "<p>Multiple myeloma is almost always preceded by an asymptomatic clonal plasma cell disorder, "
                "usually MGUS.<sup>3</sup> Haematologists, renal physicians and general practitioners "
                "therefore often see people who have a monoclonal protein but no end-organ damage. Much of what we "
                "tell these patients about their outlook comes from two Mayo Clinic cohorts.<sup>1,2</sup></p>"
                "<h2>MGUS: a low risk that does not go away</h2>"
                "<p>Kyle and colleagues studied 1,384 residents of south-eastern Minnesota whose MGUS was diagnosed "
                "at the Mayo Clinic between 1960 and 1994. Together they contributed 11,009 person-years of "
                "follow-up.<sup>1</sup> In that time, 115 patients progressed to myeloma or a related disorder, "
                "including lymphoma, AL amyloidosis and macroglobulinaemia. The cumulative probability of "
                "progression was 12% at 10 years, 25% at 20 years and 30% at 25 years. The authors put this at "
                "roughly 1% per year.<sup>1</sup> The serum monoclonal protein concentration at diagnosis "
                "predicted progression at 20 years.<sup>1</sup> The cumulative figures kept rising over the whole "
                "period: the risk does not wear off as the years pass.</p>"
                "<h2>Smouldering myeloma: the risk is greatest early on</h2>"
                "<p>The companion study identified 276 patients who met the criteria for smouldering (asymptomatic) "
                "myeloma between 1970 and 1995.<sup>2</sup> Over 2,131 person-years, 163 of them (59%) developed "
                "symptomatic myeloma or amyloidosis. The annual risk fell over time. It was about 10% per year for "
                "the first 5 years, about 3% per year for the next 5 and 1% per year for the 10 years after that. "
                "By 15 years, the cumulative probability of progression was 73%.<sup>2</sup> Several features at "
                "diagnosis predicted progression:</p>"
                "<ul><li>the level and type of the serum monoclonal protein</li>"
                "<li>urinary light chain excretion</li>"
                "<li>how much of the marrow was infiltrated, and in what pattern</li>"
                "<li>suppression of the uninvolved immunoglobulins.</li></ul>"
                "<p>Putting together the marrow plasma cell percentage and the serum M-protein level gave a model "
                "with three distinct risk groups.<sup>2</sup></p>"
                "<h2>How the 2014 IMWG criteria moved the boundary</h2>"
                "<p>In 2014 the International Myeloma Working Group (IMWG) added three biomarkers to the "
                "definition of myeloma. Each marks out patients who would otherwise be called smouldering but in "
                "whom CRAB features are close to inevitable:<sup>3</sup></p>"
                "<ul><li>clonal bone marrow plasma cells of 60% or more</li>"
                "<li>an involved-to-uninvolved serum free light chain ratio of 100 or more, with an involved light "
                "chain of at least 100 mg/L</li>"
                "<li>more than one focal lesion on MRI.</li></ul>"
                "<p>A patient who meets any one of these now has active myeloma. Under the updated definitions, "
                "smouldering myeloma needs either (a) a serum IgG or IgA M-protein of at least 30 g/L or a urinary "
                "M-protein of at least 500 mg per 24 hours, or (b) 10–60% clonal marrow plasma cells, or both. "
                "There must be no myeloma-defining event and no amyloidosis.<sup>3</sup></p>"
                "<h2>Points for the clinic</h2>"
                "<ul>"
                "<li>Follow-up for MGUS is lifelong, because the risk keeps building over decades.<sup>1</sup></li>"
                "<li>In smouldering myeloma, monitor most closely in the first years after diagnosis, when the "
                "annual risk is highest.<sup>2</sup></li>"
                "<li>The Mayo smouldering cohort was defined before 2014. Today's smouldering population no longer "
                "includes the highest-risk patients, so it may progress more slowly than the historical figures "
                "suggest.<sup>2,3</sup></li>"
                "<li>Before calling a patient smouldering, check the marrow plasma cell percentage, the free light "
                "chain ratio and the MRI against the biomarker thresholds.<sup>3</sup></li>"
                "</ul>",
            ),
            ("references", [KYLE_2002(), KYLE_2007(), RAJKUMAR_2014()]),
        ],
    },
    # 2 ---------------------------------------------------------------------
    {
        "slug": "diagnosing-and-staging-myeloma-slim-crab-r-iss",
        "title": "From CRAB to SLiM-CRAB and R-ISS: a refresher on diagnosing and staging myeloma",
        "standfirst": (
            "A short recap of the IMWG diagnostic criteria and of how the International Staging System became "
            "the R-ISS, with the thresholds and survival figures from the original papers."
        ),
        "article_type": "educational_theme",
        "published": "2026-06-18",
        "last_reviewed": "2026-06-22",
        "areas": ["diagnosis-and-staging"],
        "supported_by": None,
        "body": [
            (
                "text",
                "<h2>Making the diagnosis</h2>"
                "<p>Under the IMWG criteria, a diagnosis of myeloma needs two things. The first is clonal bone "
                "marrow plasma cells of at least 10%, or a biopsy-proven bony or extramedullary plasmacytoma. The "
                "second is at least one myeloma-defining event.<sup>1</sup> These events come in two groups.</p>"
                "<h3>CRAB features attributable to the clone</h3>"
                "<ul>"
                "<li>Hypercalcaemia: serum calcium more than 0.25 mmol/L above the upper limit of normal, or above "
                "2.75 mmol/L.<sup>1</sup></li>"
                "<li>Renal insufficiency: creatinine clearance below 40 mL/min, or serum creatinine above "
                "177 µmol/L.<sup>1</sup></li>"
                "<li>Anaemia: haemoglobin more than 20 g/L below the lower limit of normal, or below "
                "100 g/L.<sup>1</sup></li>"
                "<li>Bone lesions: one or more osteolytic lesions on skeletal radiography, CT or "
                "PET-CT.<sup>1</sup></li>"
                "</ul>"
                "<h3>Biomarkers of malignancy</h3>"
                "<ul>"
                "<li>Clonal bone marrow plasma cells of 60% or more.<sup>1</sup></li>"
                "<li>An involved:uninvolved serum free light chain ratio of 100 or more, with an involved light "
                "chain of at least 100 mg/L.<sup>1</sup></li>"
                "<li>More than one focal lesion on MRI, each at least 5 mm across.<sup>1</sup></li>"
                "</ul>"
                "<p>Two points follow in practice. Treatment can now start before any organ damage appears. And "
                "CRAB features count only if they can be put down to the plasma cell disorder, so other causes of "
                "anaemia or renal impairment still need to be looked for.<sup>1</sup></p>"
                "<h2>The International Staging System</h2>"
                "<p>The International Staging System (ISS) was built from data on 10,750 previously untreated "
                "patients at 17 institutions.<sup>2</sup> It needs only two routine tests:</p>"
                "<ul>"
                "<li>Stage I: serum β2-microglobulin below 3.5 mg/L and albumin of at least 35 g/L.</li>"
                "<li>Stage III: β2-microglobulin of 5.5 mg/L or more.</li>"
                "<li>Stage II: everything in between.<sup>2</sup></li>"
                "</ul>"
                "<p>In the original data, median survival was 62 months for stage I, 44 months for stage II and "
                "29 months for stage III.<sup>2</sup></p>"
                "<h2>Adding disease biology: the R-ISS</h2>"
                "<p>The ISS reflects tumour burden and the patient's general condition, but not the biology of the "
                "disease. The IMWG therefore revised it in 2015.<sup>3</sup> The revision pooled 4,445 newly "
                "diagnosed patients from 11 international trials; 3,060 of them had complete ISS, cytogenetic and "
                "lactate dehydrogenase (LDH) data. High-risk chromosomal abnormalities were del(17p), t(4;14) or "
                "t(14;16), found by interphase FISH on CD138-purified plasma cells.<sup>3</sup></p>"
                "<ul>"
                "<li>R-ISS I: ISS stage I, no high-risk abnormality and normal LDH.</li>"
                "<li>R-ISS III: ISS stage III plus a high-risk abnormality or a raised LDH.</li>"
                "<li>R-ISS II: every other combination.<sup>3</sup></li>"
                "</ul>"
                "<p>At a median follow-up of 46 months, 5-year overall survival was 82% for R-ISS I, 62% for "
                "R-ISS II and 40% for R-ISS III. Five-year progression-free survival was 55%, 36% and 24% "
                "respectively.<sup>3</sup></p>"
                "<h2>Using staging sensibly</h2>"
                "<p>The R-ISS came from people taking part in clinical trials. Its survival figures should "
                "therefore be applied to individual patients in routine practice with care. Its main value is to "
                "group patients by risk in the same way across centres and studies.<sup>3</sup> In practice, a "
                "patient can only be given an R-ISS stage if LDH is measured and FISH is done on purified plasma "
                "cells at diagnosis.</p>",
            ),
            ("references", [RAJKUMAR_2014(), GREIPP_2005(), PALUMBO_2015()]),
        ],
    },
    # 3 ---------------------------------------------------------------------
    {
        "slug": "myeloma-xi-cvd-intensification-suboptimal-response",
        "title": "Myeloma XI: CVD intensification after a suboptimal response to induction",
        "standfirst": (
            "In Myeloma XI, patients with only a partial or minimal response to induction were randomised to "
            "cyclophosphamide, bortezomib and dexamethasone or to no extra treatment. Progression-free survival "
            "improved with CVD; overall survival did not differ."
        ),
        "article_type": "trial_update",
        "published": "2026-07-02",
        "last_reviewed": "2026-07-02",
        "areas": ["transplant-eligible-ndmm"],
        "supported_by": None,
        "body": [
            (
                "text",
                "<h2>The question</h2>"
                "<p>Myeloma XI was a large, open-label, phase 3 trial run at 110 NHS hospitals in England, Wales "
                "and Scotland. Its adaptive design included three randomisations: induction, response-adapted "
                "intensification and maintenance.<sup>2</sup> This report covers the second of these. It asked "
                "whether patients with only a partial or minimal response to induction based on an "
                "immunomodulatory drug would benefit from extra treatment with cyclophosphamide, bortezomib and "
                "dexamethasone (CVD).<sup>1</sup></p>"
                "<h2>Who was randomised</h2>"
                "<p>Between November 2010 and July 2016, 583 patients entered the intensification randomisation. "
                "They made up 48% of the 1,217 patients who had a partial or minimal response after "
                "induction.<sup>1</sup> In all, 289 were allocated to CVD and 294 to no intensification.<sup>1</sup></p>"
                "<h2>Results</h2>"
                "<p>After a median follow-up of 29.7 months, median progression-free survival (PFS) was 30 months "
                "with CVD and 20 months without it (hazard ratio [HR] 0.60, 95% CI 0.48–0.75; "
                "p&lt;0.0001).<sup>1</sup> Overall survival (OS) did not differ. At 3 years it was 77.3% with CVD "
                "and 78.5% without (HR 0.98, 95% CI 0.67–1.43; p=0.93).<sup>1</sup></p>"
                "<p>The most common grade 3 or 4 adverse events with CVD were haematological: neutropenia in 7% of "
                "patients, thrombocytopenia in 7% and anaemia in 3%. No deaths in the CVD group were judged to be "
                "treatment-related.<sup>1</sup></p>",
            ),
            (
                "key_data",
                {
                    "title": "Intensification randomisation, intention-to-treat population",
                    "arm_a": "CVD",
                    "arm_b": "No intensification",
                    "rows": [
                        {
                            "measure": "Patients randomised",
                            "value_a": "289",
                            "value_b": "294",
                            "effect": "",
                        },
                        {
                            "measure": "Median PFS",
                            "value_a": "30 months (95% CI 25–36)",
                            "value_b": "20 months (95% CI 15–28)",
                            "effect": "HR 0.60 (95% CI 0.48–0.75); p < 0.0001",
                        },
                        {
                            "measure": "3-year OS",
                            "value_a": "77.3%",
                            "value_b": "78.5%",
                            "effect": "HR 0.98 (95% CI 0.67–1.43); p = 0.93",
                        },
                    ],
                    "note": "Median follow-up 29.7 months. CI, confidence interval; CVD, cyclophosphamide, bortezomib "
                    "and dexamethasone; HR, hazard ratio; OS, overall survival; PFS, progression-free survival.",
                    "source": "Myeloma XI intensification report (reference 1)",
                },
            ),
            (
                "text",
                "<h2>Interpreting the findings</h2>"
                "<p>The trial shows that moving to a combination based on a proteasome inhibitor, after a "
                "suboptimal response to an immunomodulatory drug, can lengthen disease control at the cost of "
                "modest extra toxicity.<sup>1</sup> The absence of an OS difference needs careful reading. "
                "Follow-up was short for a disease in which patients often live for many years. Patients in the "
                "control arm could also receive effective treatment when their disease progressed, which may have "
                "narrowed any survival gap.</p>"
                "<p>Induction regimens have changed a great deal since Myeloma XI recruited, so the exact CVD "
                "schedule may matter less today than the principle behind it. That principle is that a national, "
                "pragmatic trial can build response-adapted decisions into its design and test them by "
                "randomisation. The same trial went on to test lenalidomide maintenance in its third "
                "randomisation, which prolonged PFS in the population as a whole.<sup>2</sup></p>"
                "<h2>Practical points</h2>"
                "<ul>"
                "<li>A suboptimal response to induction is a reason to think about a change of treatment class "
                "rather than simply continuing.<sup>1</sup></li>"
                "<li>When discussing intensification with patients, explain the PFS benefit and the lack of a "
                "proven OS benefit.<sup>1</sup></li>"
                "<li>Monitor blood counts during intensification, since cytopenias were the main grade 3–4 "
                "toxicities.<sup>1</sup></li>"
                "</ul>",
            ),
            ("references", [JACKSON_INTENS(), JACKSON_MAINT()]),
        ],
    },
    # 4 ---------------------------------------------------------------------
    {
        "slug": "myeloma-xi-mrd-after-asct-lenalidomide",
        "title": "MRD after autologous transplant in Myeloma XI: what it predicts, and the effect of lenalidomide maintenance",
        "standfirst": (
            "A Myeloma XI analysis measured MRD by flow cytometry at 3 and 9 months after transplant. MRD "
            "negativity predicted longer PFS and OS, and lenalidomide maintenance increased conversion from "
            "MRD-positive to MRD-negative."
        ),
        "article_type": "trial_update",
        "published": "2026-07-16",
        "last_reviewed": "2026-07-20",
        "areas": ["mrd", "maintenance"],
        "supported_by": None,
        "body": [
            (
                "text",
                "<h2>Background</h2>"
                "<p>Minimal residual disease (MRD) testing finds myeloma cells at levels far below those that "
                "conventional response criteria can detect. The IMWG has defined MRD-negative response categories "
                "based on bone marrow flow cytometry or gene sequencing, with or without imaging.<sup>3</sup> Less "
                "was known about how MRD behaves when it is measured repeatedly during maintenance. A secondary "
                "analysis of Myeloma XI looked at exactly this.<sup>1</sup></p>"
                "<h2>Design</h2>"
                "<p>In Myeloma XI, patients who had an autologous stem cell transplant (ASCT) were randomised to "
                "lenalidomide maintenance or no maintenance about 3 months after transplant.<sup>1,2</sup> "
                "Maintenance was lenalidomide 10 mg on days 1–21 of each 28-day cycle until "
                "progression.<sup>2</sup> MRD was measured by flow cytometry, with a median sensitivity of 0.004%, "
                "at two points: just before the maintenance randomisation (ASCT+3) and 6 months later "
                "(ASCT+9).<sup>1</sup></p>"
                "<h2>Key findings</h2>"
                "<ul>"
                "<li>At ASCT+3, 475 of the 750 patients assessed (63.3%) were MRD-negative.<sup>1</sup></li>"
                "<li>MRD negativity at ASCT+3 went with longer PFS (HR 0.47; 95% CI 0.37–0.58) and longer OS "
                "(HR 0.59; 95% CI 0.40–0.85).<sup>1</sup></li>"
                "<li>At ASCT+9, 214 of 326 patients (65.6%) were MRD-negative. The link with outcome was stronger "
                "at this point: HR 0.20 (95% CI 0.13–0.31) for PFS and 0.33 (95% CI 0.15–0.75) for "
                "OS.<sup>1</sup></li>"
                "<li>The results were very similar when the analysis included only patients in complete or "
                "near-complete response.<sup>1</sup></li>"
                "<li>Patients who stayed MRD-negative from ASCT+3 to ASCT+9, or who became MRD-negative by ASCT+9, "
                "had the longest PFS and OS.<sup>1</sup></li>"
                "<li>Among patients who were MRD-positive before randomisation, 30% of those given lenalidomide "
                "were MRD-negative 6 months later, compared with 17% of those under observation.<sup>1</sup></li>"
                "</ul>",
            ),
            (
                "key_data",
                {
                    "title": "Outcomes by MRD status after ASCT (flow cytometry)",
                    "arm_a": "MRD-negative",
                    "arm_b": "MRD-positive",
                    "rows": [
                        {
                            "measure": "Patients at ASCT+3 (n = 750)",
                            "value_a": "475 (63.3%)",
                            "value_b": "275 (36.7%)",
                            "effect": "",
                        },
                        {
                            "measure": "PFS by MRD status at ASCT+3",
                            "value_a": "Longer",
                            "value_b": "Reference",
                            "effect": "HR 0.47 (95% CI 0.37–0.58); p < 0.001",
                        },
                        {
                            "measure": "OS by MRD status at ASCT+3",
                            "value_a": "Longer",
                            "value_b": "Reference",
                            "effect": "HR 0.59 (95% CI 0.40–0.85); p = 0.0046",
                        },
                        {
                            "measure": "Patients at ASCT+9 (n = 326)",
                            "value_a": "214 (65.6%)",
                            "value_b": "112 (34.4%)",
                            "effect": "",
                        },
                        {
                            "measure": "PFS by MRD status at ASCT+9",
                            "value_a": "Longer",
                            "value_b": "Reference",
                            "effect": "HR 0.20 (95% CI 0.13–0.31); p < 0.0001",
                        },
                        {
                            "measure": "OS by MRD status at ASCT+9",
                            "value_a": "Longer",
                            "value_b": "Reference",
                            "effect": "HR 0.33 (95% CI 0.15–0.75); p = 0.0077",
                        },
                    ],
                    "note": "ASCT+3 and ASCT+9, 3 and 9 months after autologous stem cell transplant; CI, confidence "
                    "interval; HR, hazard ratio; MRD, minimal residual disease; OS, overall survival; PFS, "
                    "progression-free survival.",
                    "source": "de Tute et al. 2022 (reference 1)",
                },
            ),
            (
                "text",
                "<h2>What this means for practice</h2>"
                "<p>Three messages stand out. First, MRD status after transplant tells us more about prognosis "
                "than conventional response, even with a flow cytometry assay of moderate sensitivity. Second, the "
                "pattern over time tells us more than a single result: sustained negativity and conversion to "
                "negativity picked out the best outcomes. Third, lenalidomide maintenance deepened response in "
                "some MRD-positive patients, which may help to explain its PFS benefit.<sup>1,2</sup></p>"
                "<p>What the analysis cannot tell us is whether treatment should be changed because of an MRD "
                "result. Answering that needs trials that randomise patients according to their MRD status. "
                "Comparisons made within a trial designed for another purpose cannot settle it.</p>",
            ),
            ("references", [DETUTE_2022(), JACKSON_MAINT(), KUMAR_2016()]),
        ],
    },
    # 5 ---------------------------------------------------------------------
    {
        "slug": "editorial-autologous-transplant-quadruplet-era",
        "title": "MM Hub editorial view: autologous transplant still has its place, but the question is changing",
        "standfirst": (
            "DETERMINATION, CASSIOPEIA and PERSEUS, read together: what they show about transplant in fit "
            "patients with newly diagnosed myeloma, and what they leave unanswered."
        ),
        "article_type": "expert_opinion",
        "published": "2026-07-30",
        "last_reviewed": "2026-07-30",
        "areas": ["transplant-eligible-ndmm"],
        "supported_by": None,
        "body": [
            (
                "text",
                EDITORIAL_NOTE + "<h2>Transplant has been tested again, not overturned</h2>"
                "<p>Each time induction regimens have improved, the role of high-dose melphalan with autologous "
                "stem cell rescue has been questioned. The most recent direct test was DETERMINATION. It "
                "randomised 722 adults aged 18–65 to lenalidomide, bortezomib and dexamethasone (RVD) alone or RVD "
                "plus ASCT. Patients in both arms had stem cells mobilised and received lenalidomide until "
                "progression.<sup>1</sup> At a median follow-up of 76.0 months, the risk of progression or death "
                "was 53% higher without transplant (HR 1.53; 95% CI 1.23–1.91). No overall survival benefit was "
                "seen.<sup>1</sup></p>"
                "<p>This pattern, a clear PFS gain without a proven OS gain, is now familiar. It explains why "
                "well-informed clinicians and patients can reasonably make different choices. For some patients, "
                "keeping transplant in reserve for first relapse is a legitimate option, provided the trade-offs "
                "are discussed openly.</p>"
                "<h2>Quadruplets raise the bar for everyone</h2>"
                "<p>Induction, meanwhile, has become more intensive. CASSIOPEIA (1,085 patients) added daratumumab "
                "to bortezomib, thalidomide and dexamethasone before and after ASCT. At day 100 after transplant, "
                "the stringent complete response rate rose from 20% to 29% (odds ratio 1.60). MRD negativity, "
                "measured by flow cytometry at 10⁻⁵, was reached by 64% with daratumumab and 44% "
                "without.<sup>2</sup></p>"
                "<p>PERSEUS enrolled 709 transplant-eligible patients. They received VRd with or without "
                "subcutaneous daratumumab during induction and consolidation, then lenalidomide maintenance with "
                "or without daratumumab. At a median follow-up of 47.5 months, estimated 48-month PFS was 84.3% "
                "with the quadruplet and 67.7% with VRd (HR 0.42; 95% CI 0.30–0.59).<sup>3</sup></p>"
                "<p>Both quadruplet trials kept ASCT in both arms. They therefore show how to make a "
                "transplant-based pathway better. They do not tell us whether transplant can be left out after "
                "quadruplet induction.</p>"
                "<h2>Where we stand</h2>"
                "<ul>"
                "<li>For fit patients, quadruplet induction followed by ASCT and maintenance is the approach with "
                "the strongest randomised evidence for longer progression-free survival.<sup>2,3</sup></li>"
                "<li>Leaving out transplant after quadruplet induction has not been tested in these trials. It "
                "remains a research question, or an individual decision made with full information.</li>"
                "<li>DETERMINATION found no OS difference, but that does not show the two approaches are "
                "equivalent. PFS also matters to patients in its own right.<sup>1</sup></li>"
                "<li>MRD-adapted trials are the natural next step. If deep, sustained MRD negativity can pick out "
                "patients who gain little from melphalan, its toxicity could be kept for those who need it.</li>"
                "</ul>"
                "<p>Until such trials report, our view is that the transplant conversation should be explicit and "
                "tailored to the individual. It should be revisited at each response assessment, not settled once "
                "at diagnosis.</p>",
            ),
            ("references", [RICHARDSON_2022(), MOREAU_2019(), SONNEVELD_2024()]),
        ],
    },
    # 6 ---------------------------------------------------------------------
    {
        "slug": "maia-daratumumab-rd-transplant-ineligible",
        "title": "MAIA: adding daratumumab to lenalidomide and dexamethasone in transplant-ineligible newly diagnosed myeloma",
        "standfirst": (
            "In patients unable to have a transplant, adding daratumumab to continuous lenalidomide and "
            "dexamethasone improved progression-free survival and depth of response. Neutropenia and pneumonia "
            "were more common."
        ),
        "article_type": "trial_update",
        "published": "2026-08-13",
        "last_reviewed": "2026-08-13",
        "areas": ["transplant-ineligible-ndmm"],
        "supported_by": None,
        "body": [
            (
                "text",
                "<h2>Trial design</h2>"
                "<p>MAIA randomised 737 patients with newly diagnosed myeloma who could not have an autologous "
                "stem cell transplant. They received either daratumumab plus lenalidomide and dexamethasone (D-Rd; "
                "n=368) or lenalidomide and dexamethasone alone (Rd; n=369).<sup>1</sup> Treatment continued until "
                "disease progression or unacceptable side effects. The primary endpoint was "
                "progression-free survival (PFS).<sup>1</sup></p>"
                "<h2>Efficacy</h2>"
                "<p>At a median follow-up of 28.0 months, progression or death had occurred in 26.4% of the "
                "daratumumab group (97 of 368 patients) and 38.8% of the control group (143 of 369).<sup>1</sup> Estimated PFS at 30 months was 70.6% "
                "with D-Rd and 55.6% with Rd (HR 0.56; 95% CI 0.43–0.73; p&lt;0.001).<sup>1</sup> Complete response "
                "or better was reached by 47.6% and 24.9% respectively. MRD below one tumour cell per 100,000 "
                "white cells was reached by 24.2% and 7.3%.<sup>1</sup></p>"
                "<p>Because MAIA added a single drug to an established backbone, and both arms continued until "
                "progression, the difference between the arms can reasonably be attributed to daratumumab. The "
                "deeper responses and higher MRD-negativity rate in the triplet arm fit with the PFS "
                "benefit.<sup>1</sup></p>",
            ),
            (
                "key_data",
                {
                    "title": "Primary analysis, intention-to-treat population",
                    "arm_a": "D-Rd",
                    "arm_b": "Rd",
                    "rows": [
                        {
                            "measure": "Patients randomised",
                            "value_a": "368",
                            "value_b": "369",
                            "effect": "",
                        },
                        {
                            "measure": "Progression-free at 30 months (estimated)",
                            "value_a": "70.6%",
                            "value_b": "55.6%",
                            "effect": "HR 0.56 (95% CI 0.43–0.73); p < 0.001",
                        },
                        {
                            "measure": "Complete response or better",
                            "value_a": "47.6%",
                            "value_b": "24.9%",
                            "effect": "p < 0.001",
                        },
                        {
                            "measure": "MRD-negative (10⁻⁵)",
                            "value_a": "24.2%",
                            "value_b": "7.3%",
                            "effect": "p < 0.001",
                        },
                        {
                            "measure": "Grade 3–4 neutropenia",
                            "value_a": "50.0%",
                            "value_b": "35.3%",
                            "effect": "",
                        },
                        {
                            "measure": "Grade 3–4 pneumonia",
                            "value_a": "13.7%",
                            "value_b": "7.9%",
                            "effect": "",
                        },
                    ],
                    "note": "Median follow-up 28.0 months. CI, confidence interval; D-Rd, daratumumab, lenalidomide and "
                    "dexamethasone; HR, hazard ratio; MRD, minimal residual disease; Rd, lenalidomide and "
                    "dexamethasone.",
                    "source": "Facon et al. 2019 (reference 1)",
                },
            ),
            (
                "text",
                "<h2>Safety</h2>"
                "<p>The most common grade 3 or 4 adverse events were neutropenia (50.0% vs 35.3%), anaemia (11.8% "
                "vs 19.7%), lymphopenia (15.1% vs 10.7%) and pneumonia (13.7% vs 7.9%).<sup>1</sup> The extra "
                "neutropenia and pneumonia are the main practical cost of the triplet. They fall on a group of "
                "patients who, by definition, are older or have more health problems.</p>"
                "<h2>Where MAIA sits</h2>"
                "<p>Triplets were already an option for patients not going straight to transplant. In SWOG S0777, "
                "adding bortezomib to lenalidomide and dexamethasone lengthened median PFS from 30 to 43 months and "
                "median OS from 64 to 75 months.<sup>2</sup> The two trials asked different questions in different "
                "populations and cannot be compared directly. Together, though, they support using a triplet rather "
                "than a doublet for patients who can tolerate one.<sup>1,2</sup></p>"
                "<h2>Practical considerations</h2>"
                "<ul>"
                "<li>Continuous treatment means continuous exposure to its risks. Checking for infection and "
                "assessing fever promptly are part of the regimen, not optional extras.<sup>1</sup></li>"
                "<li>Patients should know that treatment is planned to continue until progression. This affects "
                "visits, drug supply and their daily lives.<sup>1</sup></li>"
                "<li>The figures here are from the first MAIA publication. Longer follow-up has been reported "
                "since, so check the most recent data before quoting outcomes to patients.</li>"
                "</ul>",
            ),
            ("references", [FACON_2019(), DURIE_2017()]),
        ],
    },
    # 7 ---------------------------------------------------------------------
    {
        "slug": "bcma-car-t-karmma-cartitude-1",
        "title": "BCMA-directed CAR T-cell therapy in relapsed and refractory myeloma: reading KarMMa and CARTITUDE-1",
        "standfirst": (
            "The pivotal single-arm studies of idecabtagene vicleucel and ciltacabtagene autoleucel: their "
            "response rates and toxicities, why they should not be compared directly, and what they mean for "
            "the multidisciplinary team."
        ),
        "article_type": "educational_theme",
        "published": "2026-08-27",
        "last_reviewed": "2026-08-27",
        "areas": ["car-t", "relapsed-refractory"],
        "supported_by": "meridian-oncology",
        "body": [
            (
                "text",
                "<h2>Two products, one target</h2>"
                "<p>Idecabtagene vicleucel (ide-cel) and ciltacabtagene autoleucel (cilta-cel) are autologous "
                "chimeric antigen receptor (CAR) T-cell therapies. Both target B-cell maturation antigen (BCMA). "
                "Their pivotal single-arm studies were KarMMa and CARTITUDE-1. Both enrolled heavily pretreated "
                "patients who had already received an immunomodulatory drug, a proteasome inhibitor and an "
                "anti-CD38 antibody.<sup>1,2</sup></p>"
                "<h2>KarMMa (ide-cel)</h2>"
                "<p>KarMMa included 128 patients who received ide-cel. All had had at least three previous "
                "regimens, and their disease was refractory to the most recent one.<sup>1</sup> At a median "
                "follow-up of 13.3 months:</p>"
                "<ul>"
                "<li>73% of patients responded</li>"
                "<li>33% reached complete response or better</li>"
                "<li>MRD negativity was confirmed in 26% of all treated patients</li>"
                "<li>median progression-free survival was 8.8 months (95% CI 5.6–11.6).<sup>1</sup></li>"
                "</ul>"
                "<h2>CARTITUDE-1 (cilta-cel)</h2>"
                "<p>CARTITUDE-1 treated 97 patients at 16 US centres with a single infusion of cilta-cel. The "
                "target dose was 0.75 × 10⁶ CAR-positive viable T cells per kg.<sup>2</sup> At a median "
                "follow-up of 12.4 months:</p>"
                "<ul>"
                "<li>the overall response rate was 97%</li>"
                "<li>67% of patients had a stringent complete response</li>"
                "<li>the 12-month PFS rate was 77% and the 12-month OS rate 89%.<sup>2</sup></li>"
                "</ul>"
                "<h2>Toxicity</h2>"
                "<ul>"
                "<li>Cytokine release syndrome (CRS) was almost universal. It occurred in 84% of ide-cel patients "
                "(grade 3 or higher in 5%) and 95% of cilta-cel patients, mostly at grade 1–2.<sup>1,2</sup></li>"
                "<li>Neurotoxicity occurred in 18% of ide-cel patients (grade 3 in 3%). It occurred in 21% of "
                "cilta-cel patients.<sup>1,2</sup></li>"
                "<li>Cytopenias were common. After ide-cel, grade 3–4 neutropenia affected 91% of patients, anaemia "
                "70% and thrombocytopenia 63%.<sup>1</sup></li>"
                "</ul>"
                "<h2>Comparing the trials</h2>"
                "<p>Setting the headline numbers side by side is tempting but misleading. The two studies differ "
                "in population, product design, dose and length of follow-up, and neither was randomised. What "
                "both show is that a single infusion can produce deep responses in patients who have few options "
                "left.<sup>1,2</sup></p>"
                "<h2>Points for the multidisciplinary team</h2>"
                "<ul>"
                "<li>Disease control has to be planned for the weeks between apheresis and infusion, when the "
                "product is being made.</li>"
                "<li>Nurses and pharmacists have a central role in monitoring for CRS and neurotoxicity, in making "
                "sure agreed management protocols can be used without delay, and in teaching patients which "
                "symptoms to report after discharge.<sup>1,2</sup></li>"
                "<li>Cytopenias were frequent, so agree follow-up and blood-count monitoring before "
                "referral.<sup>1</sup></li>"
                "</ul>",
            ),
            ("references", [MUNSHI_2021(), BERDEJA_2021()]),
        ],
    },
    # 8 ---------------------------------------------------------------------
    {
        "slug": "bcma-bispecific-antibodies-infection-risk",
        "title": "BCMA × CD3 bispecific antibodies: efficacy and infection risk in MajesTEC-1 and MagnetisMM-3",
        "standfirst": (
            "Teclistamab and elranatamab produced responses in around six in ten patients with triple-class-exposed "
            "myeloma. Infections, more than cytokine release syndrome, are the toxicity that most shapes how "
            "these drugs are given."
        ),
        "article_type": "educational_theme",
        "published": "2026-09-10",
        "last_reviewed": "2026-09-14",
        "areas": ["bispecific-antibodies", "relapsed-refractory", "supportive-care"],
        "supported_by": None,
        "body": [
            (
                "text",
                "<h2>T-cell redirection without manufacturing</h2>"
                "<p>Bispecific antibodies that bind BCMA on myeloma cells and CD3 on T cells direct the patient's "
                "own T cells against the tumour. Unlike CAR T-cell therapy, no cell product has to be made. Two "
                "agents in this class, teclistamab and elranatamab, have published registrational data in "
                "patients already exposed to an immunomodulatory drug, a proteasome inhibitor and an anti-CD38 "
                "antibody.<sup>1,2</sup></p>"
                "<h2>MajesTEC-1: teclistamab</h2>"
                "<p>MajesTEC-1 enrolled 165 patients. They had received a median of five previous lines of "
                "therapy, and 77.6% had triple-class-refractory disease. Teclistamab was given under the skin at "
                "1.5 mg/kg weekly, after step-up doses of 0.06 and 0.3 mg/kg.<sup>1</sup> Patients were admitted "
                "to hospital for the step-up doses and the first full dose, with premedication that included "
                "dexamethasone.<sup>1</sup> At a median follow-up of 14.1 months:</p>"
                "<ul>"
                "<li>the overall response rate was 63.0%</li>"
                "<li>39.4% had a complete response or better, and 26.7% were MRD-negative</li>"
                "<li>median duration of response was 18.4 months</li>"
                "<li>median progression-free survival was 11.3 months.<sup>1</sup></li>"
                "</ul>"
                "<h2>MagnetisMM-3: elranatamab</h2>"
                "<p>Cohort A of MagnetisMM-3 included 123 patients who had not had BCMA-directed therapy before. "
                "Elranatamab was given under the skin once a week after two step-up priming doses. After six "
                "cycles, patients still responding could move to dosing every 2 weeks.<sup>2</sup> The confirmed "
                "objective response rate was 61.0%, and 35.0% reached complete response or better. At a median "
                "follow-up of 14.7 months, the 15-month rates were 71.5% for duration of response, 50.9% for PFS "
                "and 56.7% for OS.<sup>2</sup></p>"
                "<h2>Infection: the toxicity that matters most</h2>"
                "<p>Cytokine release syndrome (CRS) was common in both studies but mostly low grade. It occurred in "
                "72.1% of teclistamab patients, predominantly at grade 1–2, and in 57.7% of elranatamab patients, "
                "with no grade 3–4 events.<sup>1,2</sup> Infection caused more harm:</p>"
                "<ul>"
                "<li>Teclistamab: infections in 76.4% of patients, grade 3–4 in 44.8%.<sup>1</sup></li>"
                "<li>Elranatamab: infections in 69.9%, grade 3–4 in 39.8%.<sup>2</sup></li>"
                "<li>Neutropenia was also frequent with both drugs.<sup>1,2</sup></li>"
                "</ul>"
                "<p>Giving the drug less often may help. In MagnetisMM-3, grade 3–4 adverse events fell from 58.6% "
                "to 46.6% once patients moved to dosing every 2 weeks.<sup>2</sup></p>"
                "<h2>What this means for supportive care</h2>"
                "<ul>"
                "<li>Plan infection prevention from the first step-up dose. Patients should have a clear route for "
                "reporting fever or respiratory symptoms at any hour.<sup>1,2</sup></li>"
                "<li>Responses are often deep and lasting, so review the balance between benefit and infection "
                "risk regularly. This includes asking whether sustained responders could be dosed less "
                "often.<sup>2</sup></li>"
                "<li>Pharmacists are well placed to coordinate step-up schedules, premedication and local "
                "antimicrobial prophylaxis policies.<sup>1</sup></li>"
                "</ul>",
            ),
            ("references", [MOREAU_2022(), LESOKHIN_2023()]),
        ],
    },
    # 9 ---------------------------------------------------------------------
    {
        "slug": "editorial-mrd-prognostic-marker-not-yet-treatment-guide",
        "title": "MM Hub editorial view: MRD is a powerful prognostic marker, but using it to guide treatment needs more evidence",
        "standfirst": (
            "Meta-analyses leave little doubt that MRD negativity goes with better outcomes. Whether changing "
            "treatment because of an MRD result helps patients is a different question, and one that only "
            "randomised trials can answer."
        ),
        "article_type": "expert_opinion",
        "published": "2026-09-24",
        "last_reviewed": "2026-09-24",
        "areas": ["mrd"],
        "supported_by": None,
        # Shows the verified-HCPs-only flag in the demo (sign in as the demo verified HCP).
        "verified_only": True,
        "body": [
            (
                "text",
                EDITORIAL_NOTE + "<h2>The prognostic case is settled</h2>"
                "<p>Few markers in haematology have been validated as thoroughly as MRD in myeloma. A 2017 "
                "meta-analysis looked at patients with newly diagnosed disease.<sup>2</sup> MRD negativity was "
                "associated with:</p>"
                "<ul>"
                "<li>better PFS (HR 0.41; 95% CI 0.36–0.48; 14 studies, 1,273 patients)</li>"
                "<li>better OS (HR 0.57; 95% CI 0.46–0.71; 12 studies, 1,100 patients)</li>"
                "<li>similar benefits in patients who were already in conventional complete response.<sup>2</sup></li>"
                "</ul>"
                "<p>A larger analysis in 2020 covered 44 studies and 8,098 patients for PFS, and 23 studies and "
                "4,297 patients for OS. It reported hazard ratios of 0.33 (95% CI 0.29–0.37) and 0.45 (95% CI "
                "0.39–0.51).<sup>3</sup> The association held across disease settings, sensitivity thresholds, "
                "cytogenetic risk groups and assay methods.<sup>3</sup> The IMWG response criteria set out "
                "MRD-negative categories based on bone marrow flow cytometry or gene sequencing, with or without "
                "imaging, so that studies report MRD in the same way.<sup>1</sup></p>"
                "<h2>A prognostic marker is not the same as a treatment guide</h2>"
                "<p>Knowing that MRD-negative patients do better does not show that changing treatment because of "
                "an MRD result will improve outcomes. Patients who reach MRD negativity may differ biologically "
                "from those who do not. The survival gap could persist whatever the clinician does next.</p>"
                "<p>Repeated measurements add nuance. In Myeloma XI, patients who stayed MRD-negative, or became "
                "MRD-negative, between 3 and 9 months after transplant had the best outcomes. Lenalidomide "
                "maintenance made conversion to negativity more likely (30% vs 17%).<sup>4</sup> This is "
                "encouraging. It is still an association, however, found in a trial that was not designed to test "
                "treatment decisions based on MRD.</p>"
                "<h2>Our view</h2>"
                "<ul>"
                "<li>Wherever MRD is measured, the report should state the assay, the sample quality and the "
                "sensitivity achieved. A negative result means only as much as the threshold behind "
                "it.<sup>1,4</sup></li>"
                "<li>The meta-analytic data strongly support MRD as an early endpoint in clinical "
                "trials.<sup>2,3</sup></li>"
                "<li>Outside a trial, stopping or escalating treatment because of MRD should remain the "
                "exception. If it is done, it should be with the patient's informed agreement.</li>"
                "<li>Randomised MRD-adapted trials deserve support and recruitment. They are the only way to turn "
                "a strong prognostic marker into a validated tool for guiding treatment.</li>"
                "</ul>",
            ),
            ("references", [KUMAR_2016(), MUNSHI_2017(), MUNSHI_2020(), DETUTE_2022()]),
        ],
    },
    # 10 --------------------------------------------------------------------
    {
        "slug": "high-risk-cytogenetics-defining-and-acting-on-risk",
        "title": "High-risk cytogenetics in myeloma: which abnormalities count, how they are staged and what trials show",
        "standfirst": (
            "Which abnormalities the IMWG treats as high risk, how definitions differ between the R-ISS and "
            "trials such as Myeloma XI, and what the evidence says about treatment for these patients."
        ),
        "article_type": "educational_theme",
        "published": "2026-10-08",
        "last_reviewed": "2026-10-08",
        "areas": ["high-risk-cytogenetics", "diagnosis-and-staging"],
        "supported_by": None,
        "body": [
            (
                "text",
                "<h2>What counts as high risk?</h2>"
                "<p>The IMWG consensus on high-risk cytogenetics lists several abnormalities linked to a poor "
                "prognosis: t(4;14), del(17/17p), t(14;16), t(14;20), non-hyperdiploidy and gain(1q).<sup>1</sup> "
                "The panel stressed that how much each abnormality matters can depend on the treatment given. It "
                "also said that comparing trials needs agreement on three things: the laboratory technique, the "
                "proportion of abnormal cells needed to call a result positive, and the treatment "
                "regimens.<sup>1</sup></p>"
                "<p>Definitions still differ in practice. The R-ISS counts only del(17p), t(4;14) and t(14;16), "
                "detected by interphase FISH on CD138-purified plasma cells.<sup>2</sup> Myeloma XI used a broader "
                "definition: at least one of t(4;14), t(14;16), t(14;20), del(17p) or gain(1q). Patients with more "
                "than one of these were classed as ultra-high risk.<sup>3</sup></p>"
                "<h2>Can treatment overcome the risk?</h2>"
                "<p>On the evidence available in 2016, the proteasome inhibitors bortezomib and carfilzomib "
                "appeared to improve complete response, PFS and OS in patients with t(4;14) or del(17/17p). "
                "Lenalidomide might be linked to longer PFS in the same groups.<sup>1</sup> The consensus also "
                "noted that patients with several adverse abnormalities did not seem to benefit from these "
                "agents.<sup>1</sup></p>"
                "<p>In Myeloma XI, the PFS benefit of lenalidomide maintenance held across all the prespecified "
                "subgroups, including the cytogenetic risk groups.<sup>3</sup> That is reassuring about "
                "maintenance. It does not mean that high-risk disease behaves like standard-risk disease once "
                "treated.</p>"
                "<h2>Why staging and risk definitions belong together</h2>"
                "<p>The IMWG consensus notes that FISH results are now built into the revised International "
                "Staging System.<sup>1</sup> In the R-ISS, a high-risk abnormality, or a raised LDH, together with "
                "ISS stage III places a patient in the worst group. In the original pooled analysis, 5-year overall "
                "survival for that group was 40%.<sup>2</sup> The same abnormality can therefore mean different "
                "things depending on the tumour burden and LDH around it.</p>"
                "<h2>Practical points</h2>"
                "<ul>"
                "<li>Request FISH on CD138-purified plasma cells at diagnosis. Without it, an R-ISS stage cannot "
                "be assigned.<sup>2</sup></li>"
                "<li>Report each abnormality separately and record how many are present. Several lesions together "
                "carry a worse outlook than one alone.<sup>1,3</sup></li>"
                "<li>When reading subgroup analyses, check which definition of high risk a trial used before "
                "comparing it with other studies.<sup>1</sup></li>"
                "<li>High-risk status is a good reason to discuss clinical trials early, given how limited the "
                "current evidence is.<sup>1</sup></li>"
                "</ul>",
            ),
            ("references", [SONNEVELD_2016(), PALUMBO_2015(), JACKSON_MAINT()]),
        ],
    },
    # 11 --------------------------------------------------------------------
    {
        "slug": "myeloma-bone-disease-denosumab-zoledronic-acid",
        "title": "Protecting the skeleton in myeloma: denosumab or zoledronic acid?",
        "standfirst": (
            "A phase 3 trial found denosumab non-inferior to zoledronic acid for preventing skeletal-related "
            "events in newly diagnosed myeloma, with fewer renal adverse events. This is how the IMWG Bone "
            "Working Group uses that result."
        ),
        "article_type": "trial_update",
        "published": "2026-10-22",
        "last_reviewed": "2026-10-26",
        "areas": ["supportive-care"],
        "supported_by": "lumen-health-foundation",
        "body": [
            (
                "text",
                "<h2>Why bone-targeted therapy matters</h2>"
                "<p>Osteolytic lesions are among the defining features of myeloma. They commonly lead to "
                "skeletal-related events: spinal cord compression, pathological fracture, or the need for surgery "
                "or radiotherapy to bone.<sup>1</sup> Denosumab is a monoclonal antibody that targets RANKL. It had "
                "already reduced skeletal-related events in patients with bone lesions or metastases from advanced "
                "solid tumours, which led to a dedicated trial in myeloma.<sup>1</sup></p>"
                "<h2>The phase 3 comparison</h2>"
                "<p>The international trial was double-blind and double-dummy and ran at 259 centres in 29 "
                "countries. It randomised adults with symptomatic, newly diagnosed myeloma and at least one lytic "
                "lesion to one of two treatments, each given every 4 weeks:<sup>1</sup></p>"
                "<ul>"
                "<li>subcutaneous denosumab 120 mg</li>"
                "<li>intravenous zoledronic acid 4 mg.</li>"
                "</ul>"
                "<p>Both groups also received first-line anti-myeloma therapy of the investigator's "
                "choice.<sup>1</sup> In all, 1,718 patients took part, 859 in each arm.<sup>1</sup> The primary "
                "endpoint was whether denosumab was non-inferior to zoledronic acid for time to the first "
                "on-study skeletal-related event. Non-inferiority was shown.<sup>1</sup></p>"
                "<p>Renal adverse events were less common with denosumab (10% vs 17%). Osteonecrosis of the jaw "
                "was slightly more common (4.1% vs 2.8%).<sup>1</sup></p>"
                "<h2>What the IMWG Bone Working Group recommends</h2>"
                "<p>The 2021 IMWG recommendations name zoledronic acid as the preferred bone-targeted agent for "
                "newly diagnosed patients, whether or not they have myeloma bone disease.<sup>2</sup> Patients "
                "who reach very good partial response or better after at least 12 months of monthly zoledronic "
                "acid may have the dose frequency reduced, or treatment stopped.<sup>2</sup></p>"
                "<p>Denosumab is also an option, particularly for patients with renal impairment. In "
                "transplant-eligible patients with bone disease, it might prolong PFS.<sup>2</sup> The group warns, "
                "however, that stopping denosumab is difficult because of a rebound effect.<sup>2</sup></p>"
                "<h2>Practical points</h2>"
                "<ul>"
                "<li>Renal function often decides the choice. Renal adverse events were less frequent with "
                "denosumab than with zoledronic acid.<sup>1,2</sup></li>"
                "<li>Osteonecrosis of the jaw occurred with both agents. Dental health deserves attention before "
                "and during treatment.<sup>1</sup></li>"
                "<li>Before starting denosumab, plan how it will eventually be stopped, because of the rebound "
                "concern.<sup>2</sup></li>"
                "<li>Review the need for, and frequency of, bone-targeted therapy once a deep response has been "
                "sustained.<sup>2</sup></li>"
                "</ul>",
            ),
            ("references", [RAJE_2018(), TERPOS_2021()]),
        ],
    },
    # 12 --------------------------------------------------------------------
    {
        "slug": "andromeda-daratumumab-cybord-al-amyloidosis",
        "title": "ANDROMEDA: daratumumab plus CyBorD as first-line treatment for AL amyloidosis",
        "standfirst": (
            "In newly diagnosed AL amyloidosis, adding subcutaneous daratumumab to bortezomib, cyclophosphamide "
            "and dexamethasone almost tripled the rate of haematological complete response and delayed major "
            "organ deterioration."
        ),
        "article_type": "trial_update",
        "published": "2026-11-05",
        "last_reviewed": "2026-11-09",
        "areas": ["al-amyloidosis"],
        "supported_by": None,
        "body": [
            (
                "text",
                "<h2>Background</h2>"
                "<p>In systemic AL amyloidosis, a plasma cell clone, usually small, makes light chains that damage "
                "organs and are laid down in tissues as amyloid fibrils.<sup>2</sup> Treatment is aimed at the "
                "clone. The goal is an early, deep haematological response, followed over the longer term by "
                "organ response.<sup>2</sup> Palladini and Merlini describe three recent randomised trials as "
                "having moved AL amyloidosis into the era of evidence-based treatment.<sup>2</sup></p>"
                "<h2>Design</h2>"
                "<p>ANDROMEDA randomised 388 patients with newly diagnosed AL amyloidosis. All received six cycles "
                "of bortezomib, cyclophosphamide and dexamethasone (CyBorD). Patients randomised to the daratumumab "
                "arm also received subcutaneous daratumumab, followed by daratumumab alone every 4 weeks for up to 24 cycles.<sup>1</sup> The "
                "primary endpoint was haematological complete response.<sup>1</sup> A haematological endpoint makes "
                "sense in this disease: Palladini and Merlini note that rapid, deep responses translate into high "
                "rates of organ response.<sup>2</sup> Note that CyBorD was limited to six cycles in both arms, "
                "whereas daratumumab could continue for up to 24 cycles in total. The comparison is therefore between "
                "two strategies, not simply between two induction regimens.<sup>1</sup></p>"
                "<h2>Results</h2>"
                "<p>At a median follow-up of 11.4 months, 53.3% of the daratumumab group had a haematological "
                "complete response, compared with 18.1% of the control group (relative risk ratio 2.9; 95% CI "
                "2.1–4.1; p&lt;0.001).<sup>1</sup> Survival free from major organ deterioration or haematological "
                "progression also favoured daratumumab. The hazard ratio for major organ deterioration, "
                "haematological progression or death was 0.58 (95% CI 0.36–0.93).<sup>1</sup></p>",
            ),
            (
                "key_data",
                {
                    "title": "Primary analysis",
                    "arm_a": "Daratumumab + CyBorD",
                    "arm_b": "CyBorD",
                    "rows": [
                        {
                            "measure": "Haematological complete response",
                            "value_a": "53.3%",
                            "value_b": "18.1%",
                            "effect": "Relative risk ratio 2.9 (95% CI 2.1–4.1); p < 0.001",
                        },
                        {
                            "measure": "Major organ deterioration, haematological progression or death",
                            "value_a": "Reduced risk",
                            "value_b": "Reference",
                            "effect": "HR 0.58 (95% CI 0.36–0.93)",
                        },
                    ],
                    "note": "388 patients randomised; median follow-up 11.4 months. CI, confidence interval; CyBorD, "
                    "cyclophosphamide, bortezomib and dexamethasone; HR, hazard ratio.",
                    "source": "Kastritis et al. 2021 (reference 1)",
                },
            ),
            (
                "text",
                "<h2>Interpretation</h2>"
                "<p>The gain in haematological response is large and clinically important. The major organ "
                "deterioration endpoint suggests it is starting to bring clinical benefit.<sup>1</sup> Follow-up "
                "at the primary analysis was short, however, for a disease that can cause rapidly progressing "
                "damage to several organs, so longer-term data will be important.<sup>1,2</sup> The combination of daratumumab and "
                "bortezomib is now described as a new standard of care for newly diagnosed "
                "patients.<sup>2</sup></p>"
                "<h2>Practical points</h2>"
                "<ul>"
                "<li>Confirm the amyloid type before starting treatment. Other forms of amyloidosis now have "
                "treatments of their own and need to be ruled out.<sup>2</sup></li>"
                "<li>Adjust treatment to the severity of organ involvement.<sup>2</sup></li>"
                "<li>Check haematological response early and repeatedly, so that patients who are not responding "
                "can be switched to other treatment promptly.<sup>2</sup></li>"
                "<li>Patients should be treated within clinical trials wherever possible.<sup>2</sup></li>"
                "</ul>",
            ),
            ("references", [KASTRITIS_2021(), PALLADINI_2022()]),
        ],
    },
]
