"""Test settings: the production settings with fast hashing and tasks run immediately."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret")
os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECURE_COOKIES", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from karsaz.settings import *  # noqa: F403
from karsaz.settings import TASKS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {
    "default": {**TASKS["default"], "BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]
AXES_FAILURE_LIMIT = 3
# Every request sees its own writes' effect at once; panelcache's own tests turn it on.
KARSAZ_PANEL_CACHE_SECONDS = 0
