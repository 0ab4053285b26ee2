from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files; before collectstatic has written a manifest (tests), the plain names."""

    def stored_name(self, name):
        return super().stored_name(name) if self.hashed_files else name
