"""The language switcher, and page bodies in the reader's language."""

from django import template
from django.utils.html import format_html, format_html_join

from mmhub.translation import body_cache, languages
from mmhub.translation.pages import CITED_AS_PUBLISHED, render_block

register = template.Library()


@register.inclusion_tag("translation/_language_switcher.html", takes_context=True)
def language_switcher(context):
    request = context.get("request")
    if request is None:
        return {"links": []}
    page = context.get("page")
    # A translated copy of an English page is still that page: its translations are the same.
    return {
        "links": languages.switcher_links(request, page if hasattr(page, "locale_id") else None)
    }


@register.simple_tag(takes_context=True)
def page_body(context, page, field_name="body"):
    """The page's StreamField, block by block: machine-translated blocks from the page's
    translation, the rest (and every block of a page read in its own language) as written.
    Rendered once per revision and language and kept in the shared cache (body_cache)."""
    machine = context.get("machine_translation")
    translated = machine.blocks if machine is not None else {}

    def render_part(index, block):
        html = translated.get(index)
        if html is None:
            if block.block_type == "text":
                html = render_block(block, page)
            else:
                html = block.render_as_block(context=context.flatten())
            if machine is not None and block.block_type in CITED_AS_PUBLISHED:
                html = format_html('<div lang="en">{}</div>', html)  # read as English
        return html

    if body_cache.cacheable(page, context.get("request"), machine):
        parts = body_cache.render_body(page, field_name, machine, render_part, context)
    else:
        stream = getattr(page, field_name) or []
        parts = [(render_part(index, block),) for index, block in enumerate(stream)]
    # Each part is already safe (rendered by a template, or a sanitised translation): not escaped.
    return format_html_join("\n", "{}", parts)
