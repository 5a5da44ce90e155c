"""Every kind of public page, on the demo content: what the page-quality checks walk through."""

from articles.models import Article, Category, Tag
from comments.models import Comment
from shows.models import Person, Season, Show


def public_urls():
    flagship = Article.objects.published().order_by("-published_at").first()
    urls = [
        "/",
        "/news/",
        "/shows/",
        "/search/",
        "/search/?q=halfbie",
        "/search/?q=%22unbalanced",
        "/no-such-page/",
        flagship.author_profile.get_absolute_url(),
        f"{flagship.get_absolute_url()}?replytocom={Comment.objects.approved().filter(article=flagship).first().pk}",
    ]
    urls += [article.get_absolute_url() for article in Article.objects.published()]
    urls += [f"/news/category/{category.slug}/" for category in Category.objects.all()]
    urls += [f"/news/tag/{tag.slug}/" for tag in Tag.objects.all()[:2]]
    urls += [show.get_absolute_url() for show in Show.objects.all()]
    urls += [season.get_absolute_url() for season in Season.objects.select_related("show")]
    urls += [person.get_absolute_url() for person in Person.objects.all()[:3]]
    urls.append(f"/comments/{Comment.objects.approved().first().pk}/report/")
    return urls
