from django import template

register = template.Library()


@register.filter
def form_level_errors(form):
    """Errors not shown beside a visible field: the form's own, and those of hidden fields."""
    errors = list(form.non_field_errors())
    for field in form.hidden_fields():
        errors.extend(field.errors)
    return errors
