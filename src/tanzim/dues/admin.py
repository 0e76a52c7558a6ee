"""Dues are written only through their services (scope, receipt numbers, standing, audit): the admin reads."""

from django.contrib import admin

from tanzim.audit.admin import ReadOnlyAdmin

from .models import LedgerEntry, Rate, ReceiptCounter, Standing, Transfer


@admin.register(Rate)
class RateAdmin(ReadOnlyAdmin):
    list_display = ("category", "amount", "applies_from")


@admin.register(LedgerEntry)
class LedgerEntryAdmin(ReadOnlyAdmin):
    list_display = ("entry_date", "member", "kind", "amount", "period", "receipt", "body")
    list_select_related = ("member__person", "body__territory", "body__body_type", "body__organization")
    list_filter = ("kind", "method")


@admin.register(ReceiptCounter)
class ReceiptCounterAdmin(ReadOnlyAdmin):
    list_display = ("body", "year", "last")
    list_select_related = ("body__territory", "body__body_type", "body__organization")


@admin.register(Standing)
class StandingAdmin(ReadOnlyAdmin):
    list_display = ("member", "category", "run_from", "run_to", "waived_from", "waived_to")
    list_select_related = ("member__person",)


@admin.register(Transfer)
class TransferAdmin(ReadOnlyAdmin):
    list_display = ("sender", "receiver", "sent_amount", "received_amount", "reference")
    list_select_related = ("sender__territory", "sender__body_type", "receiver__territory", "receiver__body_type")
