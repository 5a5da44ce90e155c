"""The newsroom's roles, as Django groups with the standard model permissions.

Writer writes and edits their own drafts (ArticleAdmin enforces "own" and "draft");
Editor publishes and edits everything and manages shows, people and comments;
Moderator handles comments only, and cannot open articles in the admin. Publishing is the
articles app's own permission (``articles.permissions.PUBLISH_PERMISSION``): only Editors hold it.
A data migration creates the groups; ``ensure_roles`` repairs them at any time (every migrate
calls it, and so does the demo editor account).
"""

WRITER, EDITOR, MODERATOR = "Writer", "Editor", "Moderator"
EDITOR_APPS = ("shows", "articles", "comments")

ROLE_PERMISSIONS = {
    WRITER: [
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "articles.add_articleimage",
        "articles.change_articleimage",
        "articles.delete_articleimage",
        "articles.view_articleimage",
        "articles.view_category",
        "articles.add_tag",
        "articles.view_tag",
        # Needed to pick related shows, seasons and people with the autocomplete widgets.
        "shows.view_show",
        "shows.view_season",
        "shows.view_person",
    ],
    MODERATOR: [
        "comments.view_comment",
        "comments.change_comment",
        "comments.delete_comment",
        "comments.view_commentflag",
        "comments.change_commentflag",
        "comments.delete_commentflag",
    ],
}


def permissions_for(role, permission_model):
    """The permissions of ``role``; the Editor has every permission of the site's apps."""
    if role == EDITOR:
        return permission_model.objects.filter(content_type__app_label__in=EDITOR_APPS)
    wanted = [name.split(".") for name in ROLE_PERMISSIONS[role]]
    query = permission_model.objects.none()
    for app_label, codename in wanted:
        query |= permission_model.objects.filter(content_type__app_label=app_label, codename=codename)
    return query


def ensure_roles(group_model=None, permission_model=None):
    """Create or repair the three groups; return them by name. Models may be historical ones."""
    if group_model is None:
        from django.contrib.auth.models import Group as group_model
        from django.contrib.auth.models import Permission as permission_model
    groups = {}
    for role in (WRITER, EDITOR, MODERATOR):
        group, _created = group_model.objects.get_or_create(name=role)
        wanted = set(permissions_for(role, permission_model).values_list("pk", flat=True))
        if set(group.permissions.values_list("pk", flat=True)) != wanted:
            group.permissions.set(wanted)
        groups[role] = group
    return groups
