"""Areas of interest (onboarding, settings, follow on topic pages), reading history and the switch."""

import json

import pytest

from mmhub.content.models import AreaOfInterest
from mmhub.personal import services
from mmhub.personal.models import ArticleRead, Bookmark, FollowedArea, PersonalSettings
from tests.accounts.conftest import make_account, sign_in
from tests.conftest import FLAGSHIP_PATH, declare

MRD_EDITORIAL_PATH = "/articles/editorial-mrd-prognostic-marker-not-yet-treatment-guide/"


@pytest.fixture
def reader(demo_site):
    return make_account("reader@example.org", profession="physician", specialty="Haematology")


@pytest.fixture
def signed_in(client, reader):
    sign_in(client, "reader@example.org")
    return client


def area_ids(*slugs):
    return [AreaOfInterest.objects.get(slug=slug).pk for slug in slugs]


def test_first_sign_in_with_a_profile_goes_to_choosing_areas(client, reader):
    response = sign_in(client, "reader@example.org")
    assert response["Location"] == "/personal/areas/?welcome=1"
    page = client.get(response["Location"]).content.decode()
    assert "Choose your areas of interest" in page
    assert "Skip for now" in page


def test_first_sign_in_without_a_profile_does_profile_then_areas(client, demo_site):
    make_account("new@example.org")
    response = sign_in(client, "new@example.org")
    assert response["Location"] == "/accounts/profile/?welcome=1"
    response = client.post(
        "/accounts/profile/?welcome=1",
        {"profession": "nurse", "specialty": "Haemato-oncology nursing", "country": "GB"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/personal/areas/?welcome=1"


def test_sign_in_from_a_link_still_onboards_then_continues(client, reader):
    response = client.post(
        "/accounts/login/?next=/personal/saved/",
        {"login": "reader@example.org", "password": "lenalidomide-maintenance-2019"},
    )
    assert response["Location"] == "/personal/areas/?welcome=1&next=%2Fpersonal%2Fsaved%2F"
    page = client.get(response["Location"]).content.decode()
    assert 'name="next" value="/personal/saved/"' in page
    chosen = area_ids("mrd")
    response = client.post(
        "/personal/areas/?welcome=1", {"welcome": "1", "next": "/personal/saved/", "areas": chosen}
    )
    assert response["Location"] == "/personal/saved/"


def test_profile_step_carries_the_destination_through_areas(client, demo_site):
    make_account("new@example.org")
    response = client.post(
        "/accounts/login/?next=/articles/",
        {"login": "new@example.org", "password": "lenalidomide-maintenance-2019"},
    )
    assert response["Location"] == "/accounts/profile/?welcome=1&next=%2Farticles%2F"
    response = client.post(response["Location"], {"profession": "pharmacist", "country": "GB"})
    assert response["Location"] == "/personal/areas/?welcome=1&next=%2Farticles%2F"


def test_onboarding_needs_at_least_one_area_and_keeps_the_choice(signed_in, reader):
    response = signed_in.post("/personal/areas/?welcome=1", {"welcome": "1", "next": "/"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Choose at least one area of interest" in page
    assert "<title>Error:" in page
    chosen = area_ids("maintenance", "mrd")
    response = signed_in.post(
        "/personal/areas/?welcome=1", {"welcome": "1", "next": "/", "areas": chosen}
    )
    assert response["Location"] == "/"
    assert sorted(FollowedArea.objects.filter(user=reader).values_list("area_id", flat=True)) == (
        sorted(chosen)
    )
    assert PersonalSettings.objects.get(user=reader).onboarded_at is not None
    signed_in.post("/accounts/logout/")
    assert sign_in(signed_in, "reader@example.org")["Location"] == "/"


def test_skipping_onboarding_is_remembered(signed_in, reader):
    response = signed_in.post("/personal/areas/?welcome=1", {"action": "skip", "next": "/"})
    assert response["Location"] == "/"
    assert not FollowedArea.objects.filter(user=reader).exists()
    signed_in.post("/accounts/logout/")
    assert sign_in(signed_in, "reader@example.org")["Location"] == "/"


def test_areas_are_editable_later(signed_in, reader):
    signed_in.post("/personal/areas/", {"areas": area_ids("maintenance", "mrd")})
    signed_in.post("/personal/areas/", {"areas": area_ids("mrd")})
    assert list(FollowedArea.objects.filter(user=reader).values_list("area__slug", flat=True)) == [
        "mrd"
    ]
    page = signed_in.get("/personal/areas/").content.decode()
    mrd = area_ids("mrd")[0]
    assert f'value="{mrd}" id="id_areas_' in page
    assert "checked" in page.split(f'value="{mrd}"')[1].split(">")[0]


def test_follow_this_area_on_the_topic_page(signed_in, reader):
    area = AreaOfInterest.objects.get(slug="maintenance")
    page = signed_in.get("/areas-of-interest/maintenance/").content.decode()
    assert "Follow this area" in page
    response = signed_in.post(
        f"/personal/areas/{area.pk}/follow/",
        {"action": "follow", "next": "/areas-of-interest/maintenance/"},
    )
    assert response["Location"] == "/areas-of-interest/maintenance/"
    assert FollowedArea.objects.filter(user=reader, area=area).exists()
    page = signed_in.get("/areas-of-interest/maintenance/").content.decode()
    assert "Following Maintenance" in page
    fragment = signed_in.post(
        f"/personal/areas/{area.pk}/follow/", {"action": "unfollow"}, headers={"HX-Request": "true"}
    ).content.decode()
    assert "Follow this area" in fragment and "You no longer follow" in fragment
    assert not FollowedArea.objects.filter(user=reader).exists()


def test_visitor_areas_live_in_the_session_and_merge(client, demo_site):
    declare(client)
    chosen = area_ids("mrd")
    client.post("/personal/areas/", {"areas": chosen})
    user = make_account("visitor@example.org", profession="nurse")
    sign_in(client, "visitor@example.org")
    assert list(FollowedArea.objects.filter(user=user).values_list("area_id", flat=True)) == chosen


def test_article_views_are_recorded_once_per_article(signed_in, reader):
    signed_in.get(FLAGSHIP_PATH)
    first = ArticleRead.objects.get(user=reader)
    signed_in.get(FLAGSHIP_PATH)  # a reload within PERSONAL_READ_INTERVAL: the same visit
    assert ArticleRead.objects.get(user=reader).times_read == 1
    services.forget_visits()  # the interval has passed
    signed_in.get(FLAGSHIP_PATH)
    read = ArticleRead.objects.get(user=reader)
    assert read.times_read == 2
    assert read.last_read_at > first.last_read_at >= read.first_read_at


def test_every_view_counts_without_a_read_interval(signed_in, reader, settings):
    settings.PERSONAL_READ_INTERVAL = 0
    for _ in range(3):
        signed_in.get(FLAGSHIP_PATH)
    assert ArticleRead.objects.get(user=reader).times_read == 3


def test_closed_verified_only_article_is_not_recorded(signed_in, reader):
    assert signed_in.get(MRD_EDITORIAL_PATH).status_code == 403
    assert not ArticleRead.objects.exists()


def test_visitors_without_account_leave_no_history(client, demo_site):
    declare(client)
    client.get(FLAGSHIP_PATH)
    assert not ArticleRead.objects.exists()


def test_switching_off_deletes_history_and_stops_recording(signed_in, reader, flagship):
    signed_in.get(FLAGSHIP_PATH)
    signed_in.post(f"/personal/saved/{flagship.pk}/", {"action": "save"})
    response = signed_in.post("/personal/switch/", {"action": "off"})
    assert response["Location"] == "/personal/how-it-works/"
    assert not ArticleRead.objects.exists()
    assert Bookmark.objects.filter(user=reader).exists()  # chosen by the reader: kept
    signed_in.get(FLAGSHIP_PATH)
    assert not ArticleRead.objects.exists()
    page = signed_in.get("/personal/how-it-works/").content.decode()
    assert "Personalisation is off" in page
    signed_in.post("/personal/switch/", {"action": "on"})
    signed_in.get(FLAGSHIP_PATH)
    assert ArticleRead.objects.filter(user=reader).count() == 1


def test_personal_data_joins_the_export_and_goes_with_the_account(signed_in, reader, flagship):
    signed_in.post(f"/personal/saved/{flagship.pk}/", {"action": "save"})
    signed_in.post("/personal/areas/", {"areas": area_ids("maintenance")})
    signed_in.get(FLAGSHIP_PATH)
    data = json.loads(signed_in.get("/accounts/your-data/download/").content)["sections"]
    assert data["bookmarks"]["data"][0]["article"] == flagship.title
    assert data["followed_areas"]["data"][0]["area"] == "Maintenance therapy"
    assert data["reading_history"]["data"][0]["times_read"] == 1
    assert data["personalisation"]["data"]["personalisation_on"] is True
    response = signed_in.post(
        "/accounts/delete/", {"password": "lenalidomide-maintenance-2019", "understood": "on"}
    )
    assert response.status_code == 302
    assert not Bookmark.objects.exists()
    assert not FollowedArea.objects.exists()
    assert not ArticleRead.objects.exists()
