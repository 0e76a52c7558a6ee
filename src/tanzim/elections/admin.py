"""The law's data (elections, constituencies) and the party's criteria are edited here by the national department;
proposals, lists and results are written by the services (scope, audit) and only shown."""

from django.contrib import admin

from tanzim.audit.admin import ReadOnlyAdmin

from .models import CandidateList, Constituency, Criterion, Election, FilingItem, ListCandidate, Proposal, Result


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Election)
class ElectionAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_fr", "kind", "polling_day", "filing_opens", "filing_closes"]
    inlines = [CriterionInline]


@admin.register(Constituency)
class ConstituencyAdmin(admin.ModelAdmin):
    list_display = ["name_ar", "name_fr", "election", "seats", "ballot", "women_only", "is_regional"]
    list_filter = ["election", "ballot", "women_only"]
    filter_horizontal = ["territories"]
    search_fields = ["name_ar", "name_fr"]


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "status", "body", "proposed_at", "decided_at"]
    list_select_related = ["member__person", "constituency", "body__body_type", "body__territory", "body__organization"]


@admin.register(CandidateList)
class CandidateListAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "election", "body", "status"]
    list_select_related = ["constituency", "election", "body__body_type", "body__territory", "body__organization"]


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ["candidate_list", "votes", "seats_won"]
    list_select_related = ["candidate_list__constituency"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["election", "rule", "required", "weight", "order"]
    list_filter = ["election", "required"]
    list_select_related = ["election"]


@admin.register(ListCandidate)
class ListCandidateAdmin(ReadOnlyAdmin):
    list_display = ["candidate_list", "rank", "member", "is_head", "alternate"]
    list_select_related = ["candidate_list__constituency", "member__person"]


@admin.register(FilingItem)
class FilingItemAdmin(ReadOnlyAdmin):
    list_display = ["candidate", "kind", "received_on"]
    list_select_related = ["candidate__member__person", "candidate__candidate_list__constituency"]
