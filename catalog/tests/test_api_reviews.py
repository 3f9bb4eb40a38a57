import pytest

from accounts.tests.factories import UserFactory
from catalog import services
from catalog.models import Review
from catalog.tests.factories import ProductFactory, ReviewFactory

pytestmark = pytest.mark.django_db


def reviews_url(product) -> str:
    return f"/api/v1/products/{product.slug}/reviews/"


@pytest.fixture
def product(categories):
    return ProductFactory(category=categories["shirts"])


def test_list_shows_only_approved_reviews_newest_first(api_client, product):
    author = UserFactory(first_name="Ada", last_name="Lovelace", email="ada@example.com")
    older = ReviewFactory(product=product, user=author, rating=5, title="Great", body="Love it.")
    newer = ReviewFactory(product=product, rating=3, title="Fine")
    ReviewFactory(product=product, title="Pending")
    rejected = ReviewFactory(product=product, title="Rejected")
    for review in (older, newer):
        services.approve_review(review_id=review.id)
    services.reject_review(review_id=rejected.id)

    response = api_client.get(reviews_url(product))

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [r["title"] for r in body["results"]] == ["Fine", "Great"]
    great = body["results"][1]
    assert set(great) == {"id", "rating", "title", "body", "author_name", "created_at"}
    assert (great["id"], great["rating"], great["body"], great["author_name"]) == (older.id, 5, "Love it.", "Ada L.")
    assert "ada@example.com" not in response.content.decode()


def test_reviews_of_unknown_or_hidden_product_are_404(api_client, categories):
    hidden = ProductFactory(category=categories["shirts"], is_active=False)
    assert api_client.get("/api/v1/products/nope/reviews/").status_code == 404
    assert api_client.get(reviews_url(hidden)).status_code == 404


def test_user_posts_a_review_that_waits_for_moderation(user_client, api_client, product):
    response = user_client.post(reviews_url(product), {"rating": 4, "title": "Good", "body": "Fits well."})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "pending" and body["rating"] == 4 and body["title"] == "Good"
    review = Review.objects.get()
    assert (review.user, review.product, review.status) == (user_client.user, product, "pending")
    assert api_client.get(reviews_url(product)).json()["count"] == 0


def test_server_owned_review_fields_are_ignored(user_client, product):
    response = user_client.post(
        reviews_url(product), {"rating": 4, "title": "Good", "body": "Ok.", "status": "approved", "id": 999}
    )
    assert response.status_code == 201
    review = Review.objects.get()
    assert review.status == "pending" and review.id != 999


@pytest.mark.parametrize(
    ("body", "attr"),
    [
        ({"rating": 0, "title": "t", "body": "b"}, "rating"),
        ({"rating": 6, "title": "t", "body": "b"}, "rating"),
        ({"rating": "five", "title": "t", "body": "b"}, "rating"),
        ({"rating": 5, "title": "t", "body": ""}, "body"),
        ({"rating": 5, "title": "t"}, "body"),
        ({"rating": 5, "title": "", "body": "b"}, "title"),
    ],
)
def test_bad_review_is_a_400_and_stores_nothing(user_client, product, body, attr):
    response = user_client.post(reviews_url(product), body)
    assert response.status_code == 400
    assert response.json()["type"] == "validation_error"
    assert response.json()["errors"][0]["attr"] == attr
    assert not Review.objects.exists()


def test_second_review_is_a_409(user_client, product):
    assert user_client.post(reviews_url(product), {"rating": 5, "title": "a", "body": "b"}).status_code == 201
    response = user_client.post(reviews_url(product), {"rating": 1, "title": "c", "body": "d"})
    assert response.status_code == 409
    assert response.json() == {
        "type": "client_error",
        "errors": [{"code": "review_exists", "detail": "You have already reviewed this product.", "attr": None}],
    }
    assert Review.objects.count() == 1


def test_anonymous_review_is_401(api_client, product):
    response = api_client.post(reviews_url(product), {"rating": 5, "title": "a", "body": "b"})
    assert response.status_code == 401
    assert not Review.objects.exists()


def test_review_of_unknown_product_is_404(user_client, db):
    assert (
        user_client.post("/api/v1/products/nope/reviews/", {"rating": 5, "title": "a", "body": "b"}).status_code == 404
    )
