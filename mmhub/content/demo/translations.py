"""Reviewed translations for the demo: the About page in Spanish, as an editor would publish it
from wagtail-localize after translating (or correcting a machine draft) and reviewing it.

Keys are the English strings wagtail-localize extracts from the page (title, slug, each heading
and paragraph of the body); the loader refuses to publish a translation with a string missing,
so a change to the English page shows up here.
"""

REVIEWED = {
    ("about", "es"): {
        "About MM Hub": "Acerca de MM Hub",
        "about": "about",
        "What MM Hub is": "Qué es MM Hub",
        "MM Hub is an independent medical education website about multiple myeloma for "
        "healthcare professionals. It summarises new trial results, explains how to read them "
        "and connects them to everyday decisions in the clinic. Every article shows when it was "
        "published and when it was last reviewed, and cites its sources.": "MM Hub es un sitio "
        "web independiente de formación médica sobre el mieloma múltiple dirigido a "
        "profesionales sanitarios. Resume los resultados de los ensayos clínicos más recientes, "
        "explica cómo interpretarlos y los relaciona con las decisiones de la práctica clínica "
        "diaria. Cada artículo indica cuándo se publicó y cuándo se revisó por última vez, y "
        "cita sus fuentes.",
        "Editorial independence": "Independencia editorial",
        "The steering committee and the editors decide what MM Hub publishes. Sponsors fund the "
        "platform as a whole, or a specific educational programme through an educational grant. "
        "They do not choose topics, do not review content before publication and cannot ask for "
        "changes. Articles supported by a grant say so at the top.": "El comité directivo y los "
        "editores deciden qué publica MM Hub. Los patrocinadores financian la plataforma en su "
        "conjunto, o un programa formativo concreto mediante una beca educativa. No eligen los "
        "temas, no revisan el contenido antes de su publicación y no pueden pedir cambios. Los "
        "artículos financiados con una beca lo indican al principio.",
        "Trial data are taken from peer-reviewed publications and presented as they were "
        "reported. Where a summary rounds or selects figures, the table says where each figure "
        "comes from.": "Los datos de los ensayos proceden de publicaciones revisadas por pares y "
        "se presentan tal como se comunicaron. Cuando un resumen redondea o selecciona cifras, "
        "la tabla indica de dónde procede cada una.",
        "Corrections": "Correcciones",
        'If you find an error, tell the editors. Corrections are made promptly and the "last '
        'reviewed" date is updated.': "Si encuentra un error, comuníqueselo a los editores. Las "
        "correcciones se hacen sin demora y se actualiza la fecha de «última revisión».",
    },
}
