from django.contrib import admin

from .models import Person


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ("full_name_ar", "full_name_latin", "gender", "commune", "phone")
    list_filter = ("gender",)
    search_fields = ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "phone")
    raw_id_fields = ("commune",)
