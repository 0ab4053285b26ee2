"""The news desk: articles (bylines, photos, columns and jumps come with the articles issue)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from newsroom.publication import Publishable


class Article(Publishable):
    kicker = models.CharField(_("引题"), max_length=200, blank=True)
    headline = models.CharField(_("主题"), max_length=200)
    subheadline = models.CharField(_("副题"), max_length=200, blank=True)
    body = models.TextField(_("正文"), blank=True)

    class Meta:
        ordering = ["-publish_at", "-pk"]
        verbose_name = _("稿件")
        verbose_name_plural = _("稿件")

    def __str__(self):
        return self.headline

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"pk": self.pk})

    @property
    def paragraphs(self):
        return [line for line in self.body.splitlines() if line.strip()]
