from django.contrib import admin

from .models import Territory


@admin.register(Territory)
class TerritoryAdmin(admin.ModelAdmin):
    list_display = ("code", "name_ar", "name_fr", "level", "kind", "population_2024")
    list_filter = ("level", "kind")
    search_fields = ("code", "name_ar", "name_fr")
    raw_id_fields = ("parent",)
    readonly_fields = ("path",)
