"""The classifieds desk's part of a day's sitemap: the notices printed in that day's edition (a notice is always
printed: its days are its editions' days, which the edition's section names)."""

from newsroom.sitemaps import DaySitemap
from notices.models import Notice


class NoticeDaySitemap(DaySitemap):
    changefreq = "never"

    def day_items(self):
        notices = Notice.objects.live(self.now).filter(page__edition__date=self.day).only("live_at")
        return notices.order_by("page__order", "position", "pk")
