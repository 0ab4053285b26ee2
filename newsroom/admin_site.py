"""The admin site: Django's, made to answer hostile input with a 400 or by ignoring it, never a 500.

Every ModelAdmin registered here (the desks' and Django's own, auth's included) and its inlines get HostileInputMixin:
- a list's filters come from the query string (`?publish_at__year=99999`, `?id__gt=abc`): the list's query is
  compiled before it runs, and a value the database could not take is a 400 with one sentence; regex lookups,
  which a database compiles from the visitor's text, are not allowed at all;
- an autocomplete field renders only ids its model could hold (`?column=abc` on an add form, a posted `abc` the
  form then shows with "select a valid choice"), where Django's widget queried them and failed.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import BadRequest, EmptyResultSet, FullResultSet, ValidationError
from django.db.models import IntegerField
from django.utils.translation import gettext as _

# The largest id any of our databases' integer keys can hold (bigint).
MAX_ID = 2**63 - 1


class SafeChangeListMixin:
    def get_queryset(self, request, exclude_parameters=None):
        try:
            queryset = super().get_queryset(request, exclude_parameters)
            queryset.query.get_compiler(queryset.db).as_sql()
        except (EmptyResultSet, FullResultSet):
            return queryset
        except (IncorrectLookupParameters, ValueError, TypeError, OverflowError, ValidationError):
            raise BadRequest(_("列表的筛选条件无效。")) from None
        return queryset


class SafeAutocompleteMixin:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if self.holdable(v)], attr)

    def holdable(self, value):
        target = self.field.target_field
        try:
            value = target.to_python(value)
        except ValidationError:
            return False
        return not isinstance(target, IntegerField) or value is None or -MAX_ID <= value <= MAX_ID


class SafeAutocompleteSelect(SafeAutocompleteMixin, AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(SafeAutocompleteMixin, AutocompleteSelectMultiple):
    pass


class HostileInputMixin:
    def get_changelist(self, request, **kwargs):
        base = super().get_changelist(request, **kwargs)
        return type(f"Safe{base.__name__}", (SafeChangeListMixin, base), {})

    def lookup_allowed(self, lookup, value, request=None):
        if lookup.endswith(("__regex", "__iregex")):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_inlines(self, request, obj):
        return [hardened(inline) for inline in super().get_inlines(request, obj)]


def hardened(admin_class):
    if issubclass(admin_class, HostileInputMixin):
        return admin_class
    return type(admin_class.__name__, (HostileInputMixin, admin_class), {"__module__": admin_class.__module__})


class NewsroomAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, hardened(admin_class or admin.ModelAdmin), **options)
