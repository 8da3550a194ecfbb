"""Builds the demo site: create what is missing, never touch what exists, so a second run changes nothing."""

import re
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import StringTranslation, Translation, TranslationSource

from mmhub.evidence import demo as evidence_demo
from mmhub.evidence.models import PatientDataSet, Trial

from ..models import (
    AboutPage,
    AreaOfInterest,
    ArticleIndexPage,
    ArticlePage,
    FundersPage,
    HomePage,
    PrivacyPage,
    Sponsor,
    SteeringCommitteeMember,
    TopicIndexPage,
)
from . import articles_flagship, articles_library, articles_methods, site, translations

WAGTAIL_WELCOME_TITLE = "Welcome to your new Wagtail site!"


@dataclass
class LoadReport:
    created: list = field(default_factory=list)
    kept: int = 0

    def add(self, created, label):
        if created:
            self.created.append(label)
        else:
            self.kept += 1


def demo_articles():
    return articles_flagship.ARTICLES + articles_library.ARTICLES + articles_methods.ARTICLES


@transaction.atomic
def load_demo_content(reviewed_translations=True):
    """The demo site. `reviewed_translations=False` leaves out the editors' translations (the
    test suite's default site: publishing them through wagtail-localize takes a second and a half
    per test)."""
    report = LoadReport()
    areas = {
        slug: _ensure_area(report, slug, name, description, order)
        for order, (slug, name, description) in enumerate(site.AREAS)
    }
    sponsors = {
        slug: _ensure_sponsor(report, slug, name, level, description)
        for slug, name, level, description in site.SPONSORS
    }
    home = _ensure_home(report)
    index = _ensure_child(
        report,
        home,
        ArticleIndexPage,
        "articles",
        title="Articles",
        intro="Trial updates, educational themes and editorial views, newest first.",
    )
    _ensure_child(
        report,
        home,
        TopicIndexPage,
        "areas-of-interest",
        title="Areas of interest",
        intro="Browse articles by the part of myeloma care they address.",
    )
    _ensure_child(
        report, home, FundersPage, "funders", title="Our funders", intro=site.FUNDERS_INTRO
    )
    _ensure_about(report, home)
    _ensure_child(
        report,
        home,
        PrivacyPage,
        "privacy",
        title="Privacy and cookies",
        body=[("text", _compact(site.PRIVACY_BODY))],
    )
    _, created = evidence_demo.ensure_myeloma_xi()
    report.add(created, "trial record 'Myeloma XI'")
    _, created = evidence_demo.ensure_flchain()
    report.add(created, "patient-level data set 'flchain'")
    for article in demo_articles():
        _ensure_article(report, index, article, areas, sponsors)
    if reviewed_translations:
        load_reviewed_translations(report, home)
    return report


def load_reviewed_translations(report=None, home=None):
    """The demo's reviewed translations (demo/translations.py), published as an editor would."""
    report = report or LoadReport()
    home = home or HomePage.objects.get(locale__language_code=settings.LANGUAGE_CODE)
    for (slug, language), strings in translations.REVIEWED.items():
        _ensure_reviewed_translation(report, home.get_children().get(slug=slug), language, strings)
    return report


def _ensure_area(report, slug, name, description, order):
    area, created = AreaOfInterest.objects.get_or_create(
        slug=slug, defaults={"name": name, "description": description, "sort_order": order}
    )
    report.add(created, f"area of interest '{name}'")
    return area


def _ensure_sponsor(report, slug, name, level, description):
    sponsor, created = Sponsor.objects.get_or_create(
        slug=slug, defaults={"name": name, "level": level, "description": description}
    )
    report.add(created, f"sponsor '{name}'")
    return sponsor


def _ensure_home(report):
    _ensure_locales()
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    created = home is None
    if created:
        root = _ensure_root()
        _remove_wagtail_welcome_page(root)
        home = root.add_child(
            instance=HomePage(title=site.HOME_TITLE, slug="home", intro=site.HOME_INTRO)
        )
        home.save_revision().publish()
    report.add(created, "home page")
    default_site = Site.objects.filter(is_default_site=True).first()
    if default_site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="MM Hub"
        )
    elif default_site.root_page_id != home.pk:
        default_site.root_page = home
        default_site.site_name = "MM Hub"
        default_site.save(update_fields=["root_page", "site_name"])
    return home


def _ensure_locales():
    """A locale per language in settings.LANGUAGES (a migration adds them; a flush removes them)."""
    for code, _ in settings.LANGUAGES:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(code))


def _ensure_reviewed_translation(report, page, language, strings):
    """Publish `page` in `language` from reviewed strings, the way wagtail-localize's editor does
    (the parent pages become aliases of the English ones, as the admin makes them)."""
    locale = Locale.objects.get(language_code=language)
    label = f"reviewed translation of '{page.title}' ({language})"
    if page.get_translation_or_none(locale) is not None:
        report.add(False, label)
        return
    source, _ = TranslationSource.get_or_create_from_instance(page.specific)
    Translation.objects.create(source=source, target_locale=locale)  # for editors to edit later
    for segment in source.stringsegment_set.select_related("string", "context"):
        english = segment.string.data
        if english not in strings:
            raise ValueError(f"demo translation of {page.slug!r} into {language} lacks {english!r}")
        StringTranslation.objects.create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            data=strings[english],
            translation_type=StringTranslation.TRANSLATION_TYPE_MANUAL,
        )
    # What Translation.save_target does, publishing now rather than when the loader's
    # transaction commits (wagtail-localize defers it with on_commit).
    translated, _ = source.create_or_update_translation(
        locale, publish=False, copy_parent_pages=True, fallback=True
    )
    translated.get_latest_revision().publish()
    report.add(True, label)


def _ensure_root():
    """Migrations create the tree root and default locale; `manage.py flush` removes them again."""
    root = Page.get_first_root_node()
    if root is None:
        Locale.objects.get_or_create(
            language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
        )
        root = Page.add_root(instance=Page(title="Root", slug="root", live=True))
    return root


def _remove_wagtail_welcome_page(root):
    """Wagtail's installer leaves a placeholder page at the root; MM Hub's home replaces it."""
    for page in root.get_children().filter(title=WAGTAIL_WELCOME_TITLE):
        if page.specific_class is Page and not page.get_children().exists():
            page.delete()


def _ensure_child(report, parent, model, slug, **fields):
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        report.add(False, slug)
        return existing.specific
    page = parent.add_child(instance=model(slug=slug, **fields))
    page.save_revision().publish()
    report.add(True, f"page '{page.title}'")
    return page


def _ensure_about(report, home):
    if home.get_children().filter(slug="about").exists():
        report.add(False, "about")
        return
    about = AboutPage(
        title="About MM Hub", slug="about", body=[("text", _compact(site.ABOUT_BODY))]
    )
    about.committee_members = [
        SteeringCommitteeMember(name=name, role=role, institution=institution)
        for name, role, institution in site.STEERING_COMMITTEE
    ]
    home.add_child(instance=about)
    about.save_revision().publish()
    report.add(True, "page 'About MM Hub'")


def _ensure_article(report, index, article, areas, sponsors):
    if index.get_children().filter(slug=article["slug"]).exists():
        report.add(False, article["slug"])
        return
    page = ArticlePage(
        title=article["title"],
        slug=article["slug"],
        standfirst=article["standfirst"],
        article_type=article["article_type"],
        publication_date=date.fromisoformat(article["published"]),
        last_reviewed=date.fromisoformat(article["last_reviewed"]),
        body=[_stream_block(kind, value) for kind, value in article["body"]],
        supported_by=sponsors[article["supported_by"]] if article["supported_by"] else None,
        verified_only=article.get("verified_only", False),
    )
    page.areas = [areas[slug] for slug in article["areas"]]
    # Demo content obeys the rules editors' content does (e.g. every reference can be found).
    page.body = page.body.stream_block.clean(page.body)
    index.add_child(instance=page)
    page.save_revision().publish()
    report.add(True, f"article '{page.title}'")


def _stream_block(kind, value):
    if isinstance(value, str):
        return (kind, _compact(value))
    return (kind, _resolve_evidence(kind, value))


def _resolve_evidence(kind, value):
    """Demo articles name trial records, estimates and data sets; blocks store their ids."""
    if kind in ("trial_results", "forest_plot"):
        estimates = [evidence_demo.estimate(*key).pk for key in value["estimates"]]
        return {**value, "estimates": estimates}
    if kind == "trial_design":
        return {**value, "trial": Trial.objects.get(acronym=value["trial"]).pk}
    if kind == "kaplan_meier":
        return {**value, "dataset": PatientDataSet.objects.get(name=value["dataset"]).pk}
    return value


def _compact(html):
    """Source HTML is indented for reading; stored rich text should not carry that whitespace."""
    return re.sub(r">\s+<", "><", html.strip())
