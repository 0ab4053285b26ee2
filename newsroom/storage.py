from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property
from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; before collectstatic has written a manifest (tests), the plain names."""

    def stored_name(self, name):
        return super().stored_name(name) if self.hashed_files else name


class PageFileStorage(FileSystemStorage):
    """Page images and PDFs on disk, under PAGE_FILES_ROOT (outside MEDIA_ROOT: only the site serves them, once their
    edition is live). The folder is read from the settings when first used, and again when a test changes it."""

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PAGE_FILES_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PAGE_FILES_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)
