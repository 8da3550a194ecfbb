"""Page bodies rendered once per (page revision, language) and kept in the shared cache.

An article's body is the expensive part of its page: Kaplan–Meier curves computed from patient
data, forest plots, trial designs and key-data tables read from the evidence tables. None of it
depends on who reads the page, so it is rendered once and every web node reuses it
(mmhub.content.published: keys, the generation stamp and when it changes). Blocks that do depend
on the reader (a poll knows whether you voted) are kept as holes, stored with their raw value and
rendered for each request.
"""

from django.apps import apps

from mmhub.content import frames, published

# Blocks rendered for each reader: never stored, re-rendered from their raw value.
PER_READER_BLOCKS = {"poll"}


def cacheable(page, request, machine):
    """Only what every reader of the language gets: a live page, not a preview, and a machine
    translation only when complete (a partial one is tried again for the next reader)."""
    return (
        request is not None
        and published.shareable(page, request)
        and (machine is None or machine.complete)
    )


def render_body(page, field_name, machine, render_part, context):
    """The body as a list of 1-tuples of safe HTML (for format_html_join).
    `render_part(index, block)` renders a block that is stored; per-reader blocks are rendered
    here, with `context`, on every call."""
    variant = f"mt-{machine.provider}" if machine is not None else "own"

    def render_parts():
        stream = getattr(page, field_name) or []
        return [
            ("live", block.block_type, stream.raw_data[index]["value"])
            if block.block_type in PER_READER_BLOCKS
            else ("html", str(render_part(index, block)))
            for index, block in enumerate(stream)
        ]

    key = published.page_key(page, "body", field_name, variant)
    generation, parts = published.lookup(key)
    if parts is None:
        parts = render_parts()
        # A block rendered while a page frame is recorded may hold the frame's markers (a form's
        # CSRF token); the body is stored for pages served without frames too, so not that one.
        if not any(part[0] == "html" and frames.MARK in part[1] for part in parts):
            published.store(key, generation, parts)
    request = context.get("request")
    if frames.recording(request) is not None:
        label = page._meta.label_lower
        return [
            (part[1],)
            if part[0] == "html"
            else (frames.hole(request, "stream_block", label, field_name, part[1], part[2]),)
            for part in parts
        ]
    return join(parts, getattr(page, field_name), context)


@frames.filler("stream_block")
def fill_blocks(request, holes):
    """Per-reader blocks of a page frame: one query per kind of block, as in `join`."""
    values = {}
    for label, field_name, block_type, raw in holes:
        values.setdefault((label, field_name, block_type), []).append(raw)
    blocks = {}
    for (label, field_name, block_type), raws in values.items():
        stream_block = apps.get_model(label)._meta.get_field(field_name).stream_block
        block = stream_block.child_blocks[block_type]
        blocks[label, field_name, block_type] = (block, iter(block.bulk_to_python(raws)))
    context = {"request": request, "csrf_token": frames.CSRF_TOKEN}
    html = []
    for label, field_name, block_type, _raw in holes:
        block, found = blocks[label, field_name, block_type]
        html.append(block.render(next(found), context=context))
    return html


def join(parts, stream, context):
    """Stored HTML as it is; per-reader blocks rendered now, one query per kind of block."""
    live = {}
    for part in parts:
        if part[0] == "live":
            live.setdefault(part[1], []).append(part[2])
    values = {}
    for block_type, raws in live.items():
        block = stream.stream_block.child_blocks[block_type]
        values[block_type] = iter(block.bulk_to_python(raws))
    flat = context.flatten()
    html = []
    for part in parts:
        if part[0] == "html":
            html.append((part[1],))
        else:
            block = stream.stream_block.child_blocks[part[1]]
            html.append((block.render(next(values[part[1]]), context=flat),))
    return html
