"""The editorial site: home, article and topic listings, articles, funders, about and privacy pages."""

from collections import defaultdict

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.db.models import F, Window
from django.db.models.functions import RowNumber
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Locale, Orderable, Page
from wagtail.search import index

from mmhub.accounts.access import can_read_verified_only
from mmhub.evidence.services import trials_in_body
from mmhub.translation.pages import ReaderLanguageMixin

from . import published
from .blocks import ArticleBodyBlock, TextOnlyBodyBlock
from .frames import FramedPageMixin

ARTICLES_PER_PAGE = 12


class AreaOfInterest(index.Indexed, models.Model):
    """An editor-managed topic, e.g. "Maintenance therapy"; each has its own listing page."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.CharField(max_length=300, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0, help_text="Lower numbers come first")

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("sort_order"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "area of interest"
        verbose_name_plural = "areas of interest"

    def __str__(self):
        return self.name


class SponsorLevel(models.IntegerChoices):
    """Levels reflect the amount of funding given; lower value = more funding."""

    # Translators: sponsorship levels, shown in headings such as "Platinum sponsors".
    PLATINUM = 1, _("Platinum")
    GOLD = 2, _("Gold")
    SILVER = 3, _("Silver")
    BRONZE = 4, _("Bronze")
    EDUCATIONAL_GRANT = 10, _("Educational grant")


class Sponsor(models.Model):
    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=120, unique=True)
    level = models.PositiveSmallIntegerField(choices=SponsorLevel.choices)
    url = models.URLField(blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    description = models.CharField(max_length=300, blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("level"),
        FieldPanel("url"),
        FieldPanel("logo"),
        FieldPanel("description"),
    ]

    class Meta:
        ordering = ["level", "name"]

    def __str__(self):
        return self.name

    @property
    def is_educational_grant(self):
        return self.level == SponsorLevel.EDUCATIONAL_GRANT


class ArticleType(models.TextChoices):
    # Translators: kinds of article, shown as a badge on each article and as filters.
    TRIAL_UPDATE = "trial_update", _("Trial update")
    CONFERENCE_COVERAGE = "conference_coverage", _("Conference coverage")
    EXPERT_OPINION = "expert_opinion", _("Expert opinion")
    VIDEO_INTERVIEW = "video_interview", _("Video interview")
    EDUCATIONAL_THEME = "educational_theme", _("Educational theme")


def source_articles(locale=None):
    """Live, public articles in the site's own language. A reviewed translation of an article is
    that article in another language, not another article: listings, search, recommendations and
    the newsletter count the original once, and readers reach the translation through it.

    Search backends filter on indexed fields only, not across relations: search passes the
    default `locale` itself rather than filtering on its language code."""
    articles = ArticlePage.objects.live().public()
    if locale is not None:
        return articles.filter(locale=locale)
    return articles.filter(locale__language_code=settings.LANGUAGE_CODE)


def readable_articles(reader, locale=None):
    """Live, public articles this reader may see: "verified HCPs only" ones need a verified reader.

    Every place that lists, searches or syndicates articles starts here, so the flag holds
    everywhere content appears. `reader` is the request's user (anonymous for most visitors).
    """
    articles = source_articles(locale)
    if not can_read_verified_only(reader):
        articles = articles.exclude(verified_only=True)
    return articles


def live_articles(reader):
    return readable_articles(reader).order_by("-publication_date", "-pk")


def article_cards(queryset):
    """Articles with what a card shows (areas) fetched up front: one extra query, not one per card."""
    return queryset.prefetch_related("areas").only(
        "id",
        "title",
        "slug",
        "url_path",
        "path",
        "depth",
        "standfirst",
        "article_type",
        "publication_date",
        "last_reviewed",
        "first_published_at",
        "last_published_at",
        "verified_only",
    )


def readable_cards(reader, page_ids):
    """{id: article with its card's fields and areas} for those of `page_ids` the reader may
    read, from the shared cache (mmhub.content.published): recommendations name a few articles
    for every reader, and each is read from the database once per generation, not per request."""
    keys = {page_id: f"published:card:{page_id}" for page_id in page_ids}
    found = published.lookup_many(keys.values())
    cards, missing = {}, []
    for page_id, key in keys.items():
        if key in found.values:
            cards[page_id] = found.values[key]
        else:
            missing.append(page_id)
    if missing:
        fetched = {
            page.pk: page for page in article_cards(source_articles().filter(pk__in=missing))
        }
        for page_id in missing:
            cards[page_id] = fetched.get(page_id)  # None: not live, not public, gone
        published.store_many(
            {keys[page_id]: cards[page_id] for page_id in missing}, found.generation
        )
    verified = can_read_verified_only(reader)
    return {
        page_id: card
        for page_id, card in cards.items()
        if card is not None and (verified or not card.verified_only)
    }


def paginate(request, queryset, per_page=ARTICLES_PER_PAGE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


class HomePage(ReaderLanguageMixin, Page):
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = [
        "content.ArticleIndexPage",
        "content.TopicIndexPage",
        "content.FundersPage",
        "content.AboutPage",
        "content.PrivacyPage",
    ]
    # One home per language: English, and each locale editors translate into.
    max_count = len(settings.LANGUAGES)
    machine_translated_fields = ("title", "intro")

    def route(self, request, path_components):
        """A path the translated tree does not have (an article nobody translated yet) is
        found in the English tree, and shown machine-translated in the reader's language."""
        try:
            return super().route(request, path_components)
        except Http404:
            source = self.english_home()
            if source is None:
                raise
            return source.route(request, path_components)

    def english_home(self):
        if self.locale.language_code == settings.LANGUAGE_CODE:
            return None
        source = self.get_translation_or_none(
            Locale.objects.get(language_code=settings.LANGUAGE_CODE)
        )
        return source.specific if source is not None else None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        def listings():
            latest = list(article_cards(live_articles(request.user))[:6])
            return latest, areas_with_latest_articles(request.user, per_area=3)

        if published.shareable(self, request):
            reader = "verified" if can_read_verified_only(request.user) else "any"
            latest, by_area = published.cached(
                published.page_key(self, "listings", reader), listings
            )
        else:
            latest, by_area = listings()
        context["latest_articles"] = latest
        context["areas_with_articles"] = by_area
        return context


def areas_with_latest_articles(reader, per_area):
    """Each area with its newest articles: two queries, and at most `per_area` rows read per area.

    A window function ranks articles within each area in the database, so the home page does not
    read every article-area link as the archive grows.
    """
    areas = list(AreaOfInterest.objects.all())
    newest_first = [F("articlepage__publication_date").desc(), F("articlepage__pk").desc()]
    links = (
        ArticlePage.areas.through.objects.filter(articlepage__in=live_articles(reader))
        .annotate(
            rank=Window(RowNumber(), partition_by=F("areaofinterest_id"), order_by=newest_first)
        )
        .filter(rank__lte=per_area)
        .select_related("articlepage")
        .order_by("areaofinterest_id", "rank")
    )
    by_area = defaultdict(list)
    for link in links:
        by_area[link.areaofinterest_id].append(link.articlepage)
    return [(area, by_area[area.id]) for area in areas if by_area[area.id]]


class ArticleIndexPage(ReaderLanguageMixin, Page):
    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.ArticlePage"]
    max_count_per_parent = 1
    machine_translated_fields = ("title", "intro")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        articles = article_cards(live_articles(request.user).descendant_of(self))
        selected_type = request.GET.get("type", "")
        if selected_type in ArticleType.values:
            articles = articles.filter(article_type=selected_type)
        else:
            selected_type = ""
        context["articles"] = paginate(request, articles)
        context["article_types"] = ArticleType.choices
        context["selected_type"] = selected_type
        return context


class TopicIndexPage(ReaderLanguageMixin, RoutablePageMixin, Page):
    """Lists the areas of interest; /<area slug>/ below it lists that area's articles."""

    intro = models.TextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    machine_translated_fields = ("title", "intro")

    @path("")
    def area_index(self, request):
        # Django leaves Meta.ordering out of GROUP BY queries, so the editors' order is explicit.
        counted = models.Q(articles__in=readable_articles(request.user))
        areas = AreaOfInterest.objects.annotate(
            article_count=models.Count("articles", filter=counted)
        ).order_by(*AreaOfInterest._meta.ordering)
        return self.render(request, context_overrides={"areas": areas})

    @path("<slug:area_slug>/")
    def area_articles(self, request, area_slug):
        area = AreaOfInterest.objects.filter(slug=area_slug).first()
        if area is None:
            raise Http404("No area of interest with that address")
        articles = article_cards(live_articles(request.user).filter(areas=area))
        return self.render(
            request,
            context_overrides={"area": area, "articles": paginate(request, articles)},
            template="content/topic_listing_page.html",
        )


class ArticlePage(ReaderLanguageMixin, FramedPageMixin, Page):
    standfirst = models.TextField(
        max_length=300, help_text="One or two sentences telling an HCP what they will learn"
    )
    article_type = models.CharField(max_length=32, choices=ArticleType.choices)
    publication_date = models.DateField(default=timezone.localdate)
    last_reviewed = models.DateField(default=timezone.localdate)
    areas = ParentalManyToManyField(AreaOfInterest, related_name="articles")
    body = StreamField(ArticleBodyBlock())
    supported_by = models.ForeignKey(
        Sponsor,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supported_articles",
        help_text="Shows a 'supported by' note; the supporter has no influence on the content",
    )
    verified_only = models.BooleanField(
        "verified HCPs only",
        default=False,
        help_text="Only HCPs whose registration our team verified can read this article or find "
        "it in listings, search and feeds; everyone else sees how to get verified",
    )

    content_panels = Page.content_panels + [
        FieldPanel("standfirst"),
        MultiFieldPanel(
            [
                FieldPanel("article_type"),
                FieldPanel("publication_date"),
                FieldPanel("last_reviewed"),
            ],
            heading="Type and dates",
        ),
        FieldPanel("areas", widget=forms.CheckboxSelectMultiple),
        FieldPanel("body"),
        FieldPanel("supported_by"),
        FieldPanel("verified_only"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("standfirst"),
        index.SearchField("body"),
        # Trial names and registry numbers of the trials the evidence blocks show, so that
        # "MAIA" or "NCT01554852" finds the article even where the text never spells them out.
        index.SearchField("trial_terms", boost=2),
        index.FilterField("article_type"),
        index.FilterField("publication_date"),
        index.FilterField("verified_only"),
    ]
    parent_page_types = ["content.ArticleIndexPage"]
    subpage_types = []
    machine_translated_fields = ("title", "seo_title", "search_description", "standfirst")
    machine_translated_body = "body"

    class Meta:
        indexes = [models.Index(fields=["publication_date"])]

    def clean(self):
        super().clean()
        if (
            self.last_reviewed
            and self.publication_date
            and self.last_reviewed < self.publication_date
        ):
            raise ValidationError(
                {"last_reviewed": "The review date cannot be before the publication date."}
            )

    def save(self, *args, **kwargs):
        result = super().save(*args, **kwargs)
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "body" in update_fields:
            self.sync_trial_links()
        return result

    def sync_trial_links(self):
        """Record which trials the body's evidence blocks show (see ArticleTrial)."""
        trial_ids = {trial.pk for trial in trials_in_body(self.body)}
        links = ArticleTrial.objects.filter(article=self)
        links.exclude(trial_id__in=trial_ids).delete()
        linked = set(links.values_list("trial_id", flat=True))
        ArticleTrial.objects.bulk_create(
            [ArticleTrial(article=self, trial_id=trial_id) for trial_id in trial_ids - linked]
        )

    def trial_terms(self):
        return " ".join(
            term
            for trial in trials_in_body(self.body)
            for term in (trial.acronym, trial.nct_id, trial.isrctn, trial.eudract)
            if term
        )

    def serve(self, request, *args, **kwargs):
        if self.verified_only and not can_read_verified_only(request.user):
            return self.serve_closed_to_reader(request)
        return super().serve(request, *args, **kwargs)

    def serve_closed_to_reader(self, request):
        """A verified-only article for anyone else: what it is, and how to get verified."""
        profile = None
        if request.user.is_authenticated:
            profile = getattr(request.user, "hcp_profile", None)
        response = TemplateResponse(
            request,
            "content/verified_only.html",
            {"page": self, "self": self, "profile": profile},
            status=403,
        )
        patch_cache_control(response, private=True, no_store=True)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        verified = can_read_verified_only(request.user)

        def beside():
            """The article's areas and three other articles in them, for this kind of reader."""
            areas = list(self.areas.all())
            more = live_articles(request.user).filter(areas__in=[area.pk for area in areas])
            return areas, list(article_cards(more.exclude(pk=self.pk).distinct())[:3])

        if published.shareable(self, request):
            key = published.page_key(self, "beside", "verified" if verified else "any")
            areas, more = published.cached(key, beside)
        else:
            areas, more = beside()
        context["article_areas"] = areas
        context["more_in_areas"] = more
        return context

    def frame_variant(self, request):
        # "More in these areas" lists verified-only articles to verified HCPs only.
        return "verified" if can_read_verified_only(request.user) else "any"


class ArticleTrial(models.Model):
    """A trial an article's evidence blocks show (trial design, key data from its results, a
    forest plot of its estimates). Kept in step with the body whenever the page row is saved, and
    publishing saves it, so "the articles on this trial" is one indexed query rather than a read
    of every article's body. Read it through `readable_articles`: rows of drafts and unpublished
    pages stay until their next save."""

    article = models.ForeignKey(ArticlePage, on_delete=models.CASCADE, related_name="trial_links")
    trial = models.ForeignKey(
        "evidence.Trial", on_delete=models.CASCADE, related_name="article_links"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["article", "trial"], name="one_link_per_article_trial")
        ]

    def __str__(self):
        return f"{self.article_id} → {self.trial_id}"


class FundersPage(ReaderLanguageMixin, Page):
    """Who funds MM Hub, by level. Open to everyone: funding disclosure must not sit behind the gate."""

    gate_exempt = True

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])
    independence_statement = models.TextField(
        default="MM Hub is an independent medical education platform. Its editorial content is "
        "decided by its steering committee and editors alone."
    )
    influence_statement = models.TextField(
        default="Sponsors fund the platform but have no influence on the selection, content or "
        "presentation of any article, and do not see content before it is published."
    )
    levels_statement = models.TextField(
        default="The sponsorship levels listed below reflect the amount of funding given."
    )

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("independence_statement"),
        FieldPanel("influence_statement"),
        FieldPanel("levels_statement"),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    machine_translated_fields = (
        "title",
        "independence_statement",
        "influence_statement",
        "levels_statement",
    )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        sponsors = Sponsor.objects.select_related("logo")
        levels = {}
        for sponsor in sponsors:
            if not sponsor.is_educational_grant:
                levels.setdefault(sponsor.get_level_display(), []).append(sponsor)
        context["sponsor_levels"] = list(levels.items())
        context["educational_grants"] = [
            sponsor for sponsor in sponsors if sponsor.is_educational_grant
        ]
        return context


class AboutPage(ReaderLanguageMixin, Page):
    body = StreamField(TextOnlyBodyBlock(), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("body"),
        InlinePanel("committee_members", heading="Steering committee", label="Member"),
    ]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    machine_translated_fields = ("title",)
    machine_translated_body = "body"


class SteeringCommitteeMember(Orderable):
    page = ParentalKey(AboutPage, on_delete=models.CASCADE, related_name="committee_members")
    name = models.CharField(max_length=120)
    role = models.CharField(max_length=120, help_text="e.g. Chair, Consultant haematologist")
    institution = models.CharField(max_length=200, blank=True)

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("institution")]


class PrivacyPage(ReaderLanguageMixin, Page):
    """Privacy and cookie notice. Open to everyone: people must be able to read it before declaring."""

    gate_exempt = True

    body = StreamField(TextOnlyBodyBlock())

    content_panels = Page.content_panels + [FieldPanel("body")]
    parent_page_types = ["content.HomePage"]
    subpage_types = []
    max_count_per_parent = 1
    machine_translated_fields = ("title",)
    machine_translated_body = "body"
