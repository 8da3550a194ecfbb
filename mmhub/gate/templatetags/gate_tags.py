from django import template

from mmhub.gate.services import current_declaration

register = template.Library()


@register.simple_tag
def declaration_text():
    """The current wording of the HCP declaration in the reader's language where translated
    (cached by the gate's service)."""
    return current_declaration().reader_text
