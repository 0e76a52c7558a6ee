"""Signing in by username and password, and reading the signed-in user on each request with what every request
needs about them in the same query: their login (the trust ceiling) and whether they hold any grant at all."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from .models import Grant


class TanzimBackend(ModelBackend):
    def get_user(self, user_id):
        User = get_user_model()
        try:
            user = (
                User._default_manager.select_related("account")
                .annotate(holds_grants=Exists(Grant.objects.filter(user=OuterRef("pk"))))
                .get(pk=user_id)
            )
        except User.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
