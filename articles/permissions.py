# Declared in Article.Meta.permissions; the admin checks it, and the newsroom's Editor role holds it.
PUBLISH_PERMISSION = "articles.publish_article"
