from django.shortcuts import get_object_or_404, render

from articles.models import Article


def article_detail(request, pk):
    article = get_object_or_404(Article.objects.live().select_related("page__edition"), pk=pk)
    return render(request, "articles/article_detail.html", {"article": article})
