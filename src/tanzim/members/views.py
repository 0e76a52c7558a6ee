from pathlib import Path

from django import forms
from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from tanzim.audit.selectors import audit_path_of
from tanzim.audit.services import audit_record
from tanzim.organization.selectors import body_get, body_list, mandate_list
from tanzim.people.footprint import PersonBeyondScope, persons_within
from tanzim.territory.capability import Capability

from . import exports
from .conflicts import DECISIONS, conflict_get, conflict_list, conflict_resolve, conflict_sides
from .declared_years import declared_years_read
from .forms import PERSONAL_FIELDS, ElectedForm, ImportForm, MemberFilterForm, MemberForm, UnionForm
from .importer import ImportLimits, import_template
from .jobs import import_job_create, jobs_expire
from .models import ImportJob, MemberStatus
from .panels import member_panels
from .parsing import HEADERS, TEMPLATE_HEADERS, CellError, header_key
from .selectors import (
    MemberFilters,
    duplicate_flag_get,
    duplicate_flags,
    import_job_get,
    import_jobs_of,
    member_duplicates,
    member_get,
    member_list,
    verification_by_body,
    youth_birth_cutoff,
)
from .services import (
    MemberError,
    duplicate_flag_dismiss,
    member_elected_add,
    member_merge,
    member_profile_remove,
    member_save,
    member_set_status,
    member_union_add,
    members_verify,
    merge_moves_mandates_allowed,
)

PERSONAL = Capability.PERSONAL_DATA
MAX_MONTHS = 1200  # the longest period of the verification page: a century
WRITE = Capability.MEMBERS_WRITE


def _filters(request) -> tuple[MemberFilterForm, MemberFilters]:
    personal = request.authority.scope(PERSONAL)
    form = MemberFilterForm(
        request.GET or None, cin_search=request.authority.can_somewhere(PERSONAL), scope=request.scope
    )
    # A number in the search box matches identity cards only where the reader may see them.
    filters = MemberFilters(cin_scope=personal)
    if form.is_bound:
        form.is_valid()  # a refused filter is left out (the caller says so); the others still apply
        data = form.cleaned_data
        filters.text = data.get("q", "")
        filters.status = data.get("status", "")
        filters.sector = data.get("sector", "")
        filters.profession = data.get("profession", "")
        if data.get("territory"):
            filters.territory_path = data["territory"].path
        filters.youth = {"1": True, "0": False}.get(data.get("youth", ""))
        filters.women = {"1": True, "0": False}.get(data.get("women", ""))
        filters.tags = [data["tag"].key] if data.get("tag") else []
        filters.local_body_id = data.get("local_body")
    return form, filters


def _refused_filters(form: MemberFilterForm) -> str:
    """The refused filters, named for the reader ("" when none was)."""
    if not form.is_bound or not form.errors:
        return ""
    names = ", ".join(str(form.fields[name].label or name) for name in form.errors if name in form.fields)
    return _("These filters were refused and are not applied: %(filters)s.") % {"filters": names}


def members_index(request):
    """The registry: search by name in either script, filters, pages of 50, export of what is shown."""
    form, filters = _filters(request)
    if refused := _refused_filters(form):
        messages.error(request, refused)
    members = member_list(scope=request.scope, filters=filters)
    page = Paginator(members, 50).get_page(request.GET.get("page"))
    for member in page.object_list:
        member.personal = request.authority.can(PERSONAL, member.path)
    audit_record(
        acting_user=request.user,
        action="member.list",
        target_type="members.member",
        territory_path=audit_path_of(request.scope, filters.territory_path),
        changes={"filters": request.GET.dict(), "page": page.number, "shown": len(page.object_list)},
        address=request.META.get("REMOTE_ADDR"),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "members/index.html",
        {
            "form": form,
            "page": page,
            "query": query.urlencode(),
            "youth_cutoff": youth_birth_cutoff(),
        },
    )


def members_export(request, fmt: str):
    """The filtered list as a file: only the members the reader may export, and identity cards, phones and
    birth dates only when the reader may see them for every exported member (the columns go, not the values)."""
    request.authority.require_somewhere(Capability.EXPORT)
    form, filters = _filters(request)
    if refused := _refused_filters(form):
        # Never a wider file than the one asked for: a refused filter refuses the export.
        return HttpResponseBadRequest(refused, content_type="text/plain; charset=utf-8")
    scope = request.authority.scope(Capability.EXPORT)
    members = member_list(scope=scope, filters=filters)
    personal_scope = request.authority.scope(PERSONAL)
    within = filters.territory_path
    personal = bool(within and personal_scope.covers(within)) or personal_scope.contains(scope)
    audit_record(
        acting_user=request.user,
        action="member.export",
        target_type="members.member",
        territory_path=audit_path_of(scope, filters.territory_path),
        changes={"filters": request.GET.dict(), "format": fmt, "count": members.count(), "personal": personal},
        address=request.META.get("REMOTE_ADDR"),
    )
    name = f"members-{timezone.localdate():%Y%m%d}"
    codes = request.GET.get("codes") == "1"  # for machines: keys as headers, stored codes, ISO dates
    if fmt == "xlsx":
        return exports.export_xlsx(members, name, scope=scope, personal=personal, codes=codes)
    return exports.export_csv(members, name, scope=scope, personal=personal, codes=codes)


def _may_write(request, *members) -> bool:
    """Whether the reader may change these entries: each inside their members scope, and each person's whole
    footprint too (the registry's services refuse the rest; a page offers only what the reader may do)."""
    scope = request.authority.scope(WRITE)
    if not all(scope.covers(m.path) for m in members):
        return False
    ids = {m.person_id for m in members}
    return persons_within(scope, ids) == ids


def member_detail(request, pk: int):
    member = member_get(scope=request.scope, pk=pk)
    duplicates = list(member_duplicates(scope=request.scope, member=member))
    for flag in duplicates:
        # Merging or dismissing needs both entries wholly inside the reader's members scope; merging the other
        # entry into this one moves its mandates, which needs recording those offices too.
        flag.may_decide = _may_write(request, flag.first, flag.second)
        other = flag.second if flag.first_id == member.pk else flag.first
        flag.may_merge = flag.may_decide and merge_moves_mandates_allowed(request.authority, other.person_id)
    audit_record(
        acting_user=request.user,
        action="member.view",
        target=member,
        territory_path=member.path,
        address=request.META.get("REMOTE_ADDR"),
    )
    return render(
        request,
        "members/detail.html",
        {
            "member": member,
            "positions": mandate_list(scope=request.scope, person_id=member.person_id),
            "youth": bool(member.person.birth_date and member.person.birth_date > youth_birth_cutoff()),
            "personal": request.authority.can(PERSONAL, member.path),
            "may_write": _may_write(request, member),
            "statuses": MemberStatus.choices,
            "union_form": UnionForm(prefix="union"),
            "elected_form": ElectedForm(prefix="elected", scope=request.scope),
            # Both sides in the reader's scope: a flag must not reveal a member of another territory.
            "duplicates": duplicates,
            # What the apps above the registry add to the page (the privacy card, …), read through the scope.
            "panels": member_panels.for_page(member, scope=request.scope, authority=request.authority),
        },
    )


def member_edit(request, pk: int | None = None):
    """Create or edit a member. A refused form keeps what was typed and says what is wrong, field by field.

    The communes offered are those where the user may write members. Without the personal-data capability the
    identity card, phone, birth date and address are not in the form, and an edit keeps the values on record.
    """
    authority = request.authority
    if pk:
        member = member_get(scope=request.scope, pk=pk)
        authority.require(WRITE, member.path)
        personal = authority.can(PERSONAL, member.path)
    else:
        member = None
        authority.require_somewhere(WRITE)
        personal = authority.can_somewhere(PERSONAL)
    communes = authority.scope(WRITE)
    if request.method == "POST":
        form = MemberForm(request.POST, communes=communes, personal=personal)
        if form.is_valid() and member is None and not authority.can(PERSONAL, form.cleaned_data["commune"].path):
            # A new member in a commune where the user may not record personal data: those fields stay empty.
            for name in PERSONAL_FIELDS:
                if form.cleaned_data.get(name):
                    form.add_error(name, _("Your responsibilities do not include personal data in this commune."))
        if form.is_valid():
            data = form.cleaned_data
            commune = data["commune"]
            local_body = (
                body_list(scope=request.scope, level="local", territory=commune)
                .filter(organization__key="party")
                .first()
            )
            try:
                member = member_save(
                    acting_user=request.user,
                    scope=authority.scope(WRITE),
                    member=member,
                    person_data={
                        f: data[f]
                        for f in (
                            "first_name_ar",
                            "last_name_ar",
                            "first_name_latin",
                            "last_name_latin",
                            "gender",
                            *(PERSONAL_FIELDS if personal else ()),
                        )
                    }
                    | {"commune": commune},
                    member_data={
                        f: data[f]
                        for f in (
                            "card_number",
                            "join_date",
                            "profession",
                            "education_level",
                            "sector",
                            "associative_activity",
                        )
                    },
                    local_body=local_body,
                    tags=data["tags"],
                    dues_years=data["dues_years"],
                )
            except MemberError as error:
                form.add_error("card_number" if error.code == "card_taken" else None, error.message)
            except PersonBeyondScope as error:
                form.add_error(None, error.message)
            else:
                messages.success(request, _("The member was saved."))
                return redirect(reverse("members:detail", args=[member.pk]))
    else:
        initial = {}
        if member:
            p = member.person
            initial = {
                f: getattr(p, f)
                for f in ("first_name_ar", "last_name_ar", "first_name_latin", "last_name_latin", "gender")
            }
            initial |= {
                f: getattr(member, f)
                for f in ("card_number", "profession", "education_level", "sector", "associative_activity")
            }
            if personal:
                initial |= {f: getattr(p, f) for f in ("cin", "phone", "address")}
                initial["birth_date"] = p.birth_date.strftime("%d/%m/%Y") if p.birth_date else ""
            initial["join_date"] = member.join_date.strftime("%d/%m/%Y") if member.join_date else ""
            initial["commune"] = p.commune.code if p.commune is not None else None
            initial["tags"] = list(member.tags.all())
            paid = declared_years_read(scope=request.scope, member_ids=[member.pk]).get(member.pk, [])
            initial["dues_years"] = ", ".join(str(y) for y in paid)
        form = MemberForm(initial=initial, communes=communes, personal=personal)
    return render(request, "members/form.html", {"form": form, "member": member})


@require_POST
def member_status(request, pk: int):
    member = member_get(scope=request.scope, pk=pk)
    request.authority.require(WRITE, member.path)
    status = request.POST.get("status", "")
    if status in MemberStatus.values:
        member_set_status(
            acting_user=request.user,
            scope=request.authority.scope(WRITE),
            member=member,
            status=status,
            since=timezone.localdate(),
            note=request.POST.get("note", "")[:200],
        )
        messages.success(request, _("The status was changed."))
    return redirect(reverse("members:detail", args=[member.pk]))


@require_POST
def member_merge_view(request, pk: int, other: int):
    keep = member_get(scope=request.scope, pk=pk)
    drop = member_get(scope=request.scope, pk=other)
    request.authority.require(WRITE, keep.path)
    request.authority.require(WRITE, drop.path)
    try:
        member_merge(
            acting_user=request.user,
            scope=request.authority.scope(WRITE),
            keep=keep,
            drop=drop,
            authority=request.authority,
        )
    except (MemberError, PersonBeyondScope) as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The two entries were merged."))
    return redirect(reverse("members:detail", args=[keep.pk]))


def import_upload(request):
    """Upload a member file. Its rows may only land where the user may write members and see personal data:
    a member file carries identity cards, phones and birth dates, and its counts (updated or unchanged) would
    tell whether the card on record matches the file's."""
    scope = request.authority.scope(WRITE).intersection(request.authority.scope(PERSONAL))
    if not scope.paths and not scope.national:
        raise PermissionDenied(_("Importing a member file needs both adding members and seeing their personal data."))
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        job = import_job_create(
            acting_user=request.user,
            scope=scope,
            upload=form.cleaned_data["file"],
            language=translation.get_language() or "ar",
        )
        return redirect(reverse("members:import_status", args=[job.pk]))
    jobs = import_jobs_of(user=request.user)
    headers = [
        (
            TEMPLATE_HEADERS["ar"][field],
            TEMPLATE_HEADERS["fr"][field],
            [
                alias
                for alias in aliases
                if header_key(alias) not in {header_key(TEMPLATE_HEADERS[lang][field]) for lang in ("ar", "fr")}
            ],
        )
        for field, aliases in HEADERS.items()
    ]
    context = {"form": form, "jobs": jobs, "limits": ImportLimits.from_settings(), "headers": headers}
    return render(request, "members/import.html", context)


def import_template_download(request, fmt: str):
    """An empty member file with the headers the import reads, in the reader's language (CSV or XLSX)."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    _import_scope(request)
    content, content_type = import_template(fmt, language=translation.get_language() or "ar")
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="members-template.{fmt}"'
    return response


def _import_scope(request):
    scope = request.authority.scope(WRITE).intersection(request.authority.scope(PERSONAL))
    if not scope.paths and not scope.national:
        raise PermissionDenied(_("Importing a member file needs both adding members and seeing their personal data."))
    return scope


def import_conflicts(request):
    """Identity conflicts held by imports, in the reader's territory: the two identities side by side, and the
    three decisions for whoever may write the member."""
    scope = _import_scope(request)
    job = None
    asked = request.GET.get("job", "")
    if asked:
        if not (asked.isascii() and asked.isdigit() and len(asked) <= 18):
            raise Http404
        job = _job(request, int(asked))
    everything = conflict_list(scope=scope, job=job)
    page = everything.order_by("-pk")
    before = request.GET.get("before", "")
    if before:
        if not (before.isascii() and before.isdigit() and len(before) <= 18):
            raise Http404
        page = page.filter(pk__lt=int(before))
    conflicts = list(page[: CONFLICTS_PAGE + 1])
    older = conflicts[CONFLICTS_PAGE - 1].pk if len(conflicts) > CONFLICTS_PAGE else None
    shown = conflicts[:CONFLICTS_PAGE]
    sides = conflict_sides(shown)
    # A conflict about a person a higher body holds is decided there (conflict_resolve refuses it): no decision here.
    # A card two rows of one file give to two people names nobody in the registry yet: it is decided here.
    within = persons_within(scope, [c.member.person_id for c in shown if c.member_id])
    for side in sides:
        held = side["conflict"].member
        side["may_decide"] = held is None or held.person_id in within
    context = {
        "sides": sides,
        "job": job,
        "decisions": DECISIONS,
        "total": everything.count(),
        "older": older,
        "is_first": not before,
    }
    return render(request, "members/import_conflicts.html", context)


CONFLICTS_PAGE = 50


@require_POST
def import_conflict_resolve(request, pk: int):
    scope = _import_scope(request)
    conflict = conflict_get(scope=scope, pk=pk)
    decision = request.POST.get("decision", "")
    try:
        conflict_resolve(
            acting_user=request.user,
            scope=scope,
            conflict=conflict,
            decision=decision,
            new_card=request.POST.get("new_card", "")[:200],
        )
    except (MemberError, CellError, PersonBeyondScope) as error:
        messages.error(request, error.message)
    else:
        done = {
            "keep": _("The registry was kept as it is."),
            "replace": _("The member was replaced by the file's values."),
            "new_card": _("The file's person was added under the new card number."),
        }
        messages.success(request, done[decision])
    return redirect(reverse("members:import_conflicts"))


def _job(request, pk: int) -> ImportJob:
    # An import belongs to whoever uploaded it: its counts and rejections are theirs to read.
    return import_job_get(user=request.user, pk=pk)


def import_status(request, pk: int):
    jobs_expire()  # a job whose worker died shows as failed, and the page stops polling
    job = _job(request, pk)
    template = "members/_import_progress.html" if request.htmx else "members/import_status.html"
    return render(request, template, {"job": job, "summary": job.summary or {}})


def import_rejections(request, pk: int):
    job = _job(request, pk)
    if not job.rejections_file or not Path(job.rejections_file).exists():
        raise Http404
    audit_record(
        acting_user=request.user,
        action="member.export",
        target_type="members.importjob",
        target_id=str(job.pk),
        changes={"rejections_of": job.filename},
    )
    suffix = Path(job.rejections_file).suffix
    return FileResponse(
        Path(job.rejections_file).open("rb"),
        as_attachment=True,
        filename=f"{Path(job.filename).stem}-report{suffix}",
    )


def verification(request):
    """Per local body: members, when the list was last verified, and the share verified in the last months."""
    asked, months = request.GET.get("months", ""), 12
    if asked:
        digits = asked.isascii() and asked.isdigit()
        wanted = int(asked) if digits and len(asked) <= 7 else None
        months = min(max(wanted, 1), MAX_MONTHS) if wanted is not None else MAX_MONTHS if digits else 12
        if wanted != months:  # clamped, or not a number: say which period is shown
            messages.warning(
                request,
                _("The period is from 1 to %(max)d months: %(months)d months are shown.")
                % {"max": MAX_MONTHS, "months": months},
            )
    rows = list(verification_by_body(scope=request.scope, months=months))
    bodies = {b.pk: b for b in body_list(scope=request.scope).filter(pk__in=[r["local_body_id"] for r in rows])}
    for row in rows:
        row["body"] = bodies.get(row["local_body_id"])
        row["share"] = round(100 * row["verified_recently"] / row["members"]) if row["members"] else 0
    rows = [r for r in rows if r["body"] is not None]
    return render(request, "members/verification.html", {"rows": rows, "months": months})


@require_POST
def verify_body_list(request, body_id: int):
    """The list of a local body was checked against reality today (تحديث لوائح المنخرطين)."""
    body = body_get(scope=request.scope, pk=body_id)
    request.authority.require(WRITE, body.path)
    members = member_list(scope=request.authority.scope(WRITE), filters=MemberFilters(local_body_id=body.pk))
    count = members_verify(acting_user=request.user, scope=request.authority.scope(WRITE), members=list(members))
    messages.success(
        request,
        ngettext("%(count)d member marked as verified today.", "%(count)d members marked as verified today.", count)
        % {"count": count},
    )
    return redirect(reverse("members:verification"))


def _evidence(request, member) -> dict:
    """One side of a flag as the duplicates page shows it: the personal values only where the reader may see them."""
    person = member.person
    commune = person.commune
    return {
        "member": member,
        "person": person,
        "commune": commune,
        "province": commune.parent if commune is not None else None,
        "personal": request.authority.can(PERSONAL, member.path),
        "may_write": _may_write(request, member),
        "mandates": list(mandate_list(scope=request.scope, person_id=person.pk, current=True)),
    }


def duplicates(request):
    """Every open duplicate flag of the reader's territory, by reason, each pair side by side with merge and
    dismiss in place. A flag is listed only when both of its members lie in the reader's scope."""
    flags = duplicate_flags(scope=request.scope)
    page = Paginator(flags, 20).get_page(request.GET.get("page"))
    groups: dict[str, dict] = {}
    for flag in page.object_list:
        group = groups.setdefault(flag.reason, {"reason": flag.get_reason_display(), "pairs": []})
        first, second = _evidence(request, flag.first), _evidence(request, flag.second)
        # Keeping one side merges the other into it, and moves the other's mandates.
        first["may_keep"] = merge_moves_mandates_allowed(request.authority, flag.second.person_id)
        second["may_keep"] = merge_moves_mandates_allowed(request.authority, flag.first.person_id)
        group["pairs"].append(
            {"flag": flag, "sides": [first, second], "may_decide": first["may_write"] and second["may_write"]}
        )
    audit_record(
        acting_user=request.user,
        action="member.duplicates",
        target_type="members.duplicateflag",
        territory_path=audit_path_of(request.scope),
        changes={"page": page.number, "shown": len(page.object_list)},
        address=request.META.get("REMOTE_ADDR"),
    )
    return render(request, "members/duplicates.html", {"page": page, "groups": list(groups.values())})


def _back_to_duplicates(request) -> str:
    page = request.POST.get("page", "")
    url = reverse("members:duplicates")
    return f"{url}?page={page}" if page.isascii() and page.isdigit() and len(page) < 6 else url


@require_POST
def duplicate_dismiss(request, pk: int):
    """Two entries are different people: the flag is closed and stays as a record of the decision."""
    flag = duplicate_flag_get(scope=request.scope, pk=pk)  # both members must be within the reader's scope
    request.authority.require(WRITE, flag.first.path)
    request.authority.require(WRITE, flag.second.path)
    try:
        duplicate_flag_dismiss(acting_user=request.user, scope=request.authority.scope(WRITE), flag=flag)
    except MemberError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The two entries are kept as two different people."))
    if request.POST.get("from") == "duplicates":
        return redirect(_back_to_duplicates(request))
    return redirect(reverse("members:detail", args=[flag.first_id]))


@require_POST
def duplicate_merge(request, pk: int):
    """Merge the two entries of a flag from the duplicates page: the entry to keep is chosen there (`keep`), the
    other is merged into it by the registry's merge, with its scope and footprint rules."""
    flag = duplicate_flag_get(scope=request.scope, pk=pk)
    request.authority.require(WRITE, flag.first.path)
    request.authority.require(WRITE, flag.second.path)
    keep_id = request.POST.get("keep", "")
    if keep_id not in (str(flag.first_id), str(flag.second_id)):
        messages.error(request, _("Choose which of the two entries to keep."))
        return redirect(_back_to_duplicates(request))
    keep, drop = (flag.first, flag.second) if keep_id == str(flag.first_id) else (flag.second, flag.first)
    try:
        member_merge(
            acting_user=request.user,
            scope=request.authority.scope(WRITE),
            keep=keep,
            drop=drop,
            authority=request.authority,
        )
    except (MemberError, PersonBeyondScope) as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The two entries were merged into card %(card)s.") % {"card": "\u2068" + keep.card_number + "\u2069"},
        )
    return redirect(_back_to_duplicates(request))


@require_POST
def member_profile_add(request, pk: int, kind: str):
    """Add a trade-union affiliation or an elected mandate from the member page; a refusal says why."""
    if kind not in ("union", "elected"):
        raise Http404
    member = member_get(scope=request.scope, pk=pk)
    request.authority.require(WRITE, member.path)
    form: forms.Form
    if kind == "union":
        form = UnionForm(request.POST, prefix=kind)
    else:
        form = ElectedForm(request.POST, prefix=kind, scope=request.scope)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect(reverse("members:detail", args=[member.pk]))
    data = form.cleaned_data
    try:
        if kind == "union":
            member_union_add(
                acting_user=request.user,
                scope=request.authority.scope(WRITE),
                member=member,
                union=data["union"],
                level=data["level"],
                position=data["position"],
            )
        else:
            member_elected_add(
                acting_user=request.user,
                scope=request.authority.scope(WRITE),
                member=member,
                office=data["office"],
                territory=data["territory"],
                term_start=data["term_start"],
                term_end=data["term_end"],
                head_of_list=data["head_of_list"],
            )
    except MemberError as error:
        messages.error(request, error.message)
    return redirect(reverse("members:detail", args=[member.pk]))


@require_POST
def member_profile_delete(request, pk: int, kind: str, row: int):
    member = member_get(scope=request.scope, pk=pk)
    request.authority.require(WRITE, member.path)
    try:
        member_profile_remove(
            acting_user=request.user, scope=request.authority.scope(WRITE), member=member, kind=kind, pk=row
        )
    except (KeyError, ObjectDoesNotExist):
        raise Http404 from None
    return redirect(reverse("members:detail", args=[member.pk]))
