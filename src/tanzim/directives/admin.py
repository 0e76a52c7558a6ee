"""Directives and assignments are written by the services (scope, audit) and only shown here."""

from django.contrib import admin

from tanzim.audit.admin import ReadOnlyAdmin

from .models import Assignment, AssignmentAttachment, Directive

for model in (Directive, Assignment, AssignmentAttachment):
    admin.site.register(model, ReadOnlyAdmin)
