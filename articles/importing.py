"""The articles desk's part of an edition import: the text reader (stories) and the story writer.

Registered in apps.py ready() with newsroom.blocks; the reader is pure, the writer saves.
"""

from articles.printed import parse_stories

KIND = "article"


def read_text(runs, context):
    """Runs of text between the other desks' blocks -> ([("article", ParsedArticle, [line_no])], unplaced)."""
    articles, unplaced = parse_stories(runs, context.newspaper_name, context.known_columns, context.forced)
    records = [(KIND, article, article.all_line_nos) for article in articles]
    return records, [(no, text, "不属于任何稿件") for no, text in unplaced]


def write_article(parsed, position, article, page, publication):
    from articles.models import Article, Column

    column = None
    if parsed.column:
        column, _ = Column.objects.get_or_create(name=parsed.column, defaults={"banner": parsed.column_banner})
    fields = {
        "kicker": parsed.kicker,
        "headline": parsed.headline,
        "subheadline": parsed.subheadline,
        "column": column,
        "dateline": parsed.dateline,
        "body": "\n".join(("# " if block.kind == "h" else "") + block.text for block in parsed.blocks),
        "kind": parsed.kind,
        "continued_from_code": parsed.continued_from or "",
        "jump_mark": parsed.jump_mark or (parsed.jumps_to[0][1] if parsed.jumps_to else ""),
        "page": page,
        "position": position,
    }
    if article is None:
        article = Article(**fields, **publication)
    else:
        for name, value in fields.items():
            setattr(article, name, value)
    article.save()
    article.set_bylines(parsed.bylines)
    article.photos.filter(image="").delete()
    for order, photo in enumerate(parsed.photos):
        article.photos.create(caption=photo.caption, order=order).set_credits(photo.credits)
    return article


def link_jumps(edition):
    """Join continuation parts (上接A1版①) to their stories (下转…①) wherever both pages are imported."""
    from articles.models import Article, Kind

    parts = Article.objects.filter(page__edition=edition, kind=Kind.CONTINUATION, continues__isnull=True)
    for part in parts.exclude(continued_from_code=""):
        main = (
            Article.objects.filter(page__edition=edition, page__code=part.continued_from_code, jump_mark=part.jump_mark)
            .exclude(kind=Kind.CONTINUATION)
            .first()
        )
        if main is not None:
            # update(), not save(): linking is the importer's doing, not an editor's change.
            Article.objects.filter(pk=part.pk).update(continues=main)


def known_columns():
    from articles.models import Column

    return list(Column.objects.values_list("name", flat=True))
