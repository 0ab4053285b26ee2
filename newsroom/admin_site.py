"""The admin site: Django's, with an optional second login step (TOTP, django-otp: TwoFactorLoginForm), made to
answer hostile input with a 400 or by ignoring it, never a 500.

Every ModelAdmin registered here (the desks' and Django's own, auth's included) and its inlines get HostileInputMixin:
- a list's filters come from the query string (`?publish_at__year=99999`, `?id__gt=abc`): the list's query is
  compiled before it runs, and a value the database could not take is a 400 with one sentence; regex lookups,
  which a database compiles from the visitor's text, are not allowed at all; a search is cut to 200 characters;
- an autocomplete field renders only ids its model could hold (`?column=abc` on an add form, a posted `abc` the
  form then shows with "select a valid choice"), where Django's widget queried them and failed; an add form keeps
  only the initial values from its query string that their fields can read; a many-to-many field refuses an id no
  key can hold before querying it; a history page of an id that cannot exist is a 404.
"""

from django import forms
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import unquote
from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import BadRequest, EmptyResultSet, FieldDoesNotExist, FullResultSet, ValidationError
from django.db.models import IntegerField
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user, user_has_device
from django_otp.forms import OTPAuthenticationFormMixin

# The largest id any of our databases' integer keys can hold (bigint).
MAX_ID = 2**63 - 1
MAX_SEARCH = 200


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


def holdable(field, value):
    """Whether `field` could hold `value` (an id from a URL or a form): of its type, and in a bigint's range."""
    try:
        value = field.to_python(value)
    except ValidationError:
        return False
    return not isinstance(field, IntegerField) or value is None or -MAX_ID <= value <= MAX_ID


class SafeAutocompleteMixin:
    def optgroups(self, name, value, attr=None):
        return super().optgroups(name, [v for v in value if holdable(self.field.target_field, v)], attr)


class SafeModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Ids no key can hold are "not a valid value" before the query that would fail on them (SQLite's overflow)."""

    def _check_values(self, value):
        key = self.to_field_name or "pk"
        field = self.queryset.model._meta.pk if key == "pk" else self.queryset.model._meta.get_field(key)
        for pk in value:
            if not holdable(field, pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": pk}
                )
        return super()._check_values(value)


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
        # No NUL (PostgreSQL refuses it in text) and no more than a search box holds (SQLite refuses a LIKE pattern
        # over 50,000 bytes).
        return super().get_search_results(request, queryset, search_term.replace("\x00", "")[:MAX_SEARCH])

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        kwargs.setdefault("form_class", SafeModelMultipleChoiceField)
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = SafeAutocompleteSelectMultiple(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_changeform_initial_data(self, request):
        """An add form's initial values from its query string (?column=3), each kept only when its field can read it:
        a date or an id in words made the widgets fail."""
        initial = {}
        for name, value in super().get_changeform_initial_data(request).items():
            try:
                field = self.model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            target = field.target_field if field.is_relation else field
            values = value if isinstance(value, list) else [value]
            if all(holdable(target, item) for item in values):
                initial[name] = value if field.is_relation else target.to_python(value)
        return initial

    def history_view(self, request, object_id, extra_context=None):
        # simple_history's history page looks the id up unchecked ("abc" was a 500); Django's own checks it.
        if not holdable(self.model._meta.pk, unquote(object_id)):
            raise Http404(_("没有这条记录。"))
        return super().history_view(request, object_id, extra_context)

    def get_inlines(self, request, obj):
        return [hardened(inline) for inline in super().get_inlines(request, obj)]


def hardened(admin_class):
    if issubclass(admin_class, HostileInputMixin):
        return admin_class
    return type(admin_class.__name__, (HostileInputMixin, admin_class), {"__module__": admin_class.__module__})


class TwoFactorLoginForm(OTPAuthenticationFormMixin, AdminAuthenticationForm):
    """The admin's login with an optional second step (django-otp): a staff member with a confirmed TOTP device
    (an authenticator app) must also give its current code; one without logs in with the password alone."""

    otp_token = forms.CharField(
        label=gettext_lazy("动态验证码"),
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        help_text=gettext_lazy("开启了两步验证的账号填写验证器应用上的 6 位数字,其他账号留空。"),
    )
    otp_device = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_challenge = forms.CharField(required=False, widget=forms.HiddenInput)
    otp_error_messages = {
        **OTPAuthenticationFormMixin.otp_error_messages,
        "token_required": gettext_lazy("这个账号开启了两步验证,请填写验证器应用上的动态验证码。"),
        "invalid_token": gettext_lazy("动态验证码不对,请看验证器应用上当前的 6 位数字。"),
    }

    def _chosen_device(self, user):
        # The form asks for the code only: the account's (first) confirmed device checks it.
        return super()._chosen_device(user) or next(iter(devices_for_user(user, for_verify=True)), None)

    def clean(self):
        self.cleaned_data = super().clean()
        user = self.get_user()
        if user is not None and user_has_device(user):
            self.clean_otp(user)
        return self.cleaned_data


class NewsroomAdminSite(admin.AdminSite):
    login_form = TwoFactorLoginForm
    login_template = "admin/newsroom_login.html"

    def has_permission(self, request):
        """Staff as Django says; one with a confirmed TOTP device only in a session its code verified."""
        user = request.user
        if not super().has_permission(request):
            return False
        if user.is_verified():
            return True
        # Asked several times a request; django-otp's answer is a query per kind of device, so it is kept on the user.
        if not hasattr(user, "_newsroom_has_device"):
            user._newsroom_has_device = user_has_device(user)
        return not user._newsroom_has_device

    def register(self, model_or_iterable, admin_class=None, **options):
        super().register(model_or_iterable, hardened(admin_class or admin.ModelAdmin), **options)
