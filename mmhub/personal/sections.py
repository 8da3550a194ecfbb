"""The personal app's part of the data export. Rows go with the account (database cascade)."""

from django.utils.translation import gettext_lazy as _

from mmhub.privacy.registry import DataSection, register

from .models import ArticleRead, Bookmark, FollowedArea, PersonalSettings


def export_bookmarks(user):
    return [
        {
            "article": bookmark.page.title,
            "address": bookmark.page.url_path,
            "saved_at": bookmark.created_at,
            "marked_read_at": bookmark.read_at,
        }
        for bookmark in Bookmark.objects.filter(user=user).select_related("page")
    ]


def export_followed_areas(user):
    return [
        {"area": follow.area.name, "since": follow.created_at}
        for follow in FollowedArea.objects.filter(user=user).select_related("area")
    ]


def export_reading_history(user):
    return [
        {
            "article": read.page.title,
            "address": read.page.url_path,
            "first_read_at": read.first_read_at,
            "last_read_at": read.last_read_at,
            "times_read": read.times_read,
        }
        for read in ArticleRead.objects.filter(user=user).select_related("page")
    ]


def export_personal_settings(user):
    settings = PersonalSettings.objects.filter(user=user).first()
    if settings is None:
        return {}
    return {
        "personalisation_on": settings.personalised,
        "areas_chosen_at": settings.onboarded_at,
        "updated_at": settings.updated_at,
    }


register(
    DataSection(
        key="bookmarks",
        title=_("Saved for later"),
        description=_("Articles you bookmarked, when, and whether you marked them as read."),
        export=export_bookmarks,
    )
)
register(
    DataSection(
        key="followed_areas",
        title=_("Areas you follow"),
        description=_("The areas of interest you chose; they shape your recommendations."),
        export=export_followed_areas,
    )
)
register(
    DataSection(
        key="reading_history",
        title=_("Reading history"),
        description=_(
            "Articles you opened while signed in, used for your recommendations. "
            "Switching personalisation off deletes it."
        ),
        export=export_reading_history,
    )
)
register(
    DataSection(
        key="personalisation",
        title=_("Personalisation settings"),
        description=_("Whether personalisation is on and when you chose your areas."),
        export=export_personal_settings,
    )
)
