"""The editors' dashboard on the admin home (templates/admin/site_index.html)."""

from django import template
from django.urls import reverse

from .. import dashboard

register = template.Library()


@register.simple_tag(takes_context=True)
def editors_dashboard(context):
    return dashboard.panels_for(context["request"].user)


@register.filter
def admin_change_url(record):
    """The admin page of a show, season or person on the dashboard."""
    opts = record._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[record.pk])


@register.filter
def verbose_name(record):
    return record._meta.verbose_name
