"""The classifieds desk: lost-document notices (遗失声明 / 声明作废)."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Min, Q
from django.db.models.functions import Upper
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from newsroom import search
from newsroom.publication import ContentsEntry, Publishable, Status
from notices import printed
from notices.validators import (
    validate_birth_certificate_number,
    validate_declarants,
    validate_fee,
    validate_invoice_code,
    validate_phone,
    validate_plate,
    validate_positive_amount,
    validate_resident_id,
)

# One list of document types: notices.printed.VOCABULARY (code, label), as model choices.
DocumentType = models.TextChoices(
    "DocumentType", [(code.upper(), (code, label)) for code, (label, _aliases, _unit) in printed.VOCABULARY.items()]
)


class NoticeStatus(models.TextChoices):
    """The desk's own workflow in place of the newsroom's draft/submitted/returned.

    received → paid → scheduled (placed on an edition page) → published (signed off).
    PUBLISHED and UNPUBLISHED keep the newsroom's values, so the one publication rule
    (Publishable.objects.live(): status "published", publish_at passed, edition live)
    applies unchanged; nothing in the other statuses is ever public.
    """

    RECEIVED = "received", _("已收件")
    PAID = "paid", _("已付费")
    SCHEDULED = "scheduled", _("已排期")
    PUBLISHED = Status.PUBLISHED.value, _("已签发")
    UNPUBLISHED = Status.UNPUBLISHED.value, _("已撤下")


PLACED_STATUSES = (NoticeStatus.SCHEDULED, NoticeStatus.PUBLISHED)

# The desk's steps, taken through newsroom.workflow like every desk's: (from, to, label).
NS = NoticeStatus
WORKFLOW_ACTIONS = {
    "pay": ({NS.RECEIVED}, NS.PAID, _("登记已付费")),
    "place": ({NS.RECEIVED, NS.PAID, NS.SCHEDULED, NS.UNPUBLISHED}, NS.SCHEDULED, _("安排到版面")),
    "publish": ({NS.SCHEDULED}, NS.PUBLISHED, _("签发(随该期报纸上线)")),
    "unpublish": ({NS.PUBLISHED}, NS.UNPUBLISHED, _("撤下")),
}


def purge_from_history(revisions, fields, keep=None):
    """Blank these personal fields in these revisions (keep: an item whose current values may stay)."""
    for name in fields:
        stale = revisions.exclude(**{name: getattr(keep, name)}) if keep is not None else revisions
        stale.exclude(**{name: ""}).update(**{name: ""})


class DeclarantKind(models.TextChoices):
    PERSON = printed.PERSON, _("个人")
    ORGANISATION = printed.ORGANISATION, _("单位")


NUMBER_VALIDATORS = {
    DocumentType.BIRTH_CERTIFICATE: validate_birth_certificate_number,
    DocumentType.RESIDENT_ID: validate_resident_id,
}

# What the classifieds desk keeps for itself: never rendered by a public view.
PRIVATE_FIELDS = ("contact_phone", "filer_id_number", "fee", "received_on")
# Of those, the filer's personal data: never kept in a revision once changed, erased after the retention.
PERSONAL_FIELDS = ("contact_phone", "filer_id_number")
# What was printed: the fields the parser reads and the printer writes.
CONTENT_FIELDS = (
    "declarants",
    "declarant_kind",
    "father_name",
    "mother_name",
    "address",
    "plate",
    "document_type",
    "printed_type",
    "number_prefix",
    "document_number",
    "issuer",
    "amount",
    "invoice_code",
    "quantity",
    "print_separator",
    "address_first",
    "issuer_before_number",
)


class Notice(Publishable):
    """One lost document (or one set, as 公章一枚) declared void in the paper.

    Declarants are stored as printed, one organisation or several people joined by 、
    (a list with a fixed separator: a plain column, so a name is found by substring on
    SQLite and PostgreSQL alike; `declarant_list` gives the list). A line the parser
    could not read is kept whole in `raw_text` with `needs_review` set: it prints as
    that text until an editor fills in the fields and clears the flag.
    """

    public_search_fields = (
        "declarants",
        "father_name",
        "mother_name",
        "document_number",
        "address",
        "plate",
        "issuer",
        "raw_text",
    )

    status = models.CharField(
        _("状态"), max_length=20, choices=NoticeStatus.choices, default=NoticeStatus.RECEIVED, db_index=True
    )
    workflow_actions = WORKFLOW_ACTIONS
    workflow_needs_page = ("publish", "place")  # signed off onto its page: never a web-first notice

    declarants = models.CharField(
        _("遗失人或单位"), max_length=200, blank=True, help_text=_("几个人一起声明时用顿号“、”分隔,如 袁建陵、杨丽君。")
    )
    declarant_kind = models.CharField(
        _("申报人类别"), max_length=12, choices=DeclarantKind.choices, default=DeclarantKind.PERSON
    )
    father_name = models.CharField(_("父亲姓名"), max_length=20, blank=True, help_text=_("出生证明用"))
    mother_name = models.CharField(_("母亲姓名"), max_length=20, blank=True, help_text=_("出生证明用"))
    address = models.CharField(_("地址或房产"), max_length=200, blank=True, help_text=_("如 荷塘观邸8栋1601房"))
    plate = models.CharField(
        _("车牌号"),
        max_length=10,
        blank=True,
        validators=[validate_plate],
        help_text=_("证件属于车辆时填写,如 湘BA3681"),
    )
    document_type = models.CharField(_("证件类型"), max_length=40, choices=DocumentType.choices, blank=True)
    printed_type = models.CharField(
        _("见报证件名称"),
        max_length=100,
        blank=True,
        help_text=_("报上印的证件名称与类型名称不同时填写,如 原公章、湖南省株洲市地方税务局预收款专用发票凭据。"),
    )
    number_prefix = models.CharField(
        _("号码前缀"), max_length=30, blank=True, help_text=_("印在号码前的字样,如 湘交运管株(430201100083号之前)")
    )
    document_number = models.CharField(_("证件号码"), max_length=40, blank=True)
    # What the number lookup matches: the number in upper case, computed by the database (rows written in bulk too).
    number_key = models.GeneratedField(
        expression=Upper("document_number"),
        output_field=models.CharField(max_length=40),
        db_persist=True,
        db_index=True,
    )
    issuer = models.CharField(
        _("开具单位"), max_length=100, blank=True, help_text=_("如 伟大集团、湖南省三和房地产开发有限公司")
    )
    amount = models.DecimalField(
        _("金额(元)"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[validate_positive_amount]
    )
    invoice_code = models.CharField(_("发票代码"), max_length=12, blank=True, validators=[validate_invoice_code])
    quantity = models.PositiveSmallIntegerField(
        _("数量"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, _("数量至少为1。"))],
        help_text=_("如 公章一枚 填 1;单位(枚、张、本)随证件类型。"),
    )

    # How the line was typeset, so that it prints back exactly (see notices.printed.ParsedNotice).
    print_separator = models.CharField(_("遗失前的空白"), max_length=4, blank=True, default="")
    address_first = models.BooleanField(_("地址印在姓名前"), default=False)
    issuer_before_number = models.BooleanField(_("印作“某单位开具的…号”"), default=False)

    raw_text = models.TextField(_("见报原文"), blank=True, help_text=_("从报纸导入的原行,照原样保存。"))
    needs_review = models.BooleanField(
        _("待核对"),
        default=False,
        db_index=True,
        help_text=_("原文未能自动识别或识别结果有误,按原文见报,待编辑补全各项。"),
    )
    review_note = models.CharField(_("核对说明"), max_length=500, blank=True)

    # Intake data: private, admin only.
    contact_phone = models.CharField(_("联系电话"), max_length=20, blank=True, validators=[validate_phone])
    filer_id_number = models.CharField(
        _("登报人身份证号"), max_length=18, blank=True, validators=[validate_resident_id]
    )
    fee = models.DecimalField(
        _("登报费(元)"), max_digits=8, decimal_places=2, null=True, blank=True, validators=[validate_fee]
    )
    received_on = models.DateField(_("收件日期"), default=timezone.localdate, null=True, blank=True)

    class Meta(Publishable.Meta):
        ordering = ["-created_at", "-pk"]
        verbose_name = _("遗失声明")
        verbose_name_plural = _("遗失声明")

    def __str__(self):
        line = self.printed_line().removeprefix(printed.BULLET)
        return line if len(line) <= 60 else line[:59] + "…"

    def get_absolute_url(self):
        return reverse("notices:detail", kwargs={"pk": self.pk})

    region_extent = "line"  # each notice is one printed line of the column

    def search_text(self):
        return self.printed_line()

    loaded_personal = None  # the filer's phone and ID number as read from the database

    @classmethod
    def from_db(cls, db, field_names, values):
        notice = super().from_db(db, field_names, values)
        notice.loaded_personal = {name: notice.__dict__.get(name) for name in PERSONAL_FIELDS}
        return notice

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        changed = [
            name
            for name in PERSONAL_FIELDS
            if (self.loaded_personal or {}).get(name, getattr(self, name)) != getattr(self, name)
        ]
        if changed:
            # A filer's phone or ID number that was cleared or corrected leaves no copy in the revisions.
            purge_from_history(type(self).history.filter(id=self.pk), changed, keep=self)
        self.loaded_personal = {name: getattr(self, name) for name in PERSONAL_FIELDS}

    @property
    def declarant_list(self):
        return [name for name in self.declarants.split("、") if name] if self.declarants else []

    @property
    def parents(self):
        if not (self.father_name or self.mother_name):
            return None
        return {"father": self.father_name or None, "mother": self.mother_name or None}

    @property
    def document_label(self):
        return printed.document_label(self.document_type)

    @property
    def printed_document_type(self):
        return self.printed_type or self.document_label

    def to_parsed(self):
        """The notice as a ParsedNotice (what print_notice_line and the importer speak)."""
        if self.needs_review:
            return printed.ParsedNotice.unreadable(self.raw_text)
        return printed.ParsedNotice(
            text=self.raw_text,
            declarants=self.declarant_list,
            declarant_kind=self.declarant_kind,
            parents=self.parents,
            address=self.address or None,
            plate=self.plate or None,
            document_type=self.document_type or None,
            printed_type=self.printed_type or None,
            document_number=self.document_number or None,
            issuer=self.issuer or None,
            amount=self.amount,
            invoice_code=self.invoice_code or None,
            quantity=self.quantity,
            number_prefix=self.number_prefix or None,
            separator=self.print_separator,
            address_first=self.address_first,
            issuer_before_number=self.issuer_before_number,
        )

    def printed_line(self):
        """The line exactly as the column prints it: ·王嘉瑶(父:王小军、母:杨熊)遗失M431033654号出生证."""
        return printed.print_notice_line(self.to_parsed())

    def set_parsed(self, parsed):
        """Fill the content fields from a readable ParsedNotice."""
        parents = parsed.parents or {}
        self.declarants = "、".join(parsed.declarants)
        self.declarant_kind = parsed.declarant_kind or DeclarantKind.PERSON
        self.father_name = parents.get("father") or ""
        self.mother_name = parents.get("mother") or ""
        self.address = parsed.address or ""
        self.plate = parsed.plate or ""
        self.document_type = parsed.document_type or ""
        self.printed_type = parsed.printed_type or ""
        self.number_prefix = parsed.number_prefix or ""
        self.document_number = parsed.document_number or ""
        self.issuer = parsed.issuer or ""
        self.amount = parsed.amount
        self.invoice_code = parsed.invoice_code or ""
        self.quantity = parsed.quantity
        self.print_separator = parsed.separator or ""
        self.address_first = parsed.address_first
        self.issuer_before_number = parsed.issuer_before_number

    def content_errors(self):
        """Problems with what is to be printed, as {field: [messages]} (empty when fine)."""
        errors = {}

        def add(field, error):
            errors.setdefault(field, []).extend(error.messages if isinstance(error, ValidationError) else [error])

        if self.needs_review and self.raw_text:
            # Printed as the raw text until an editor completes it: only check what was filled in.
            if self.declarants:
                try:
                    validate_declarants(self.declarants, self.declarant_kind)
                except ValidationError as error:
                    add("declarants", error)
        else:
            try:
                validate_declarants(self.declarants, self.declarant_kind)
            except ValidationError as error:
                add("declarants", error)
            if not self.document_type:
                add("document_type", _("请选择证件类型。"))
        if self.document_type == DocumentType.OTHER and not self.printed_type:
            add("printed_type", _("证件类型为“其他”时,请填写见报证件名称。"))
        validator = NUMBER_VALIDATORS.get(self.document_type)
        if validator is not None:
            if not self.document_number:
                add("document_number", _("请填写%(label)s号码。") % {"label": self.document_label})
            else:
                try:
                    validator(self.document_number)
                except ValidationError as error:
                    add("document_number", error)
        if self.number_prefix and not self.document_number:
            add("number_prefix", _("没有证件号码时不能有号码前缀。"))
        return errors

    def clean(self):
        super().clean()
        self.declarants = "、".join(part.strip() for part in self.declarants.strip().split("、"))
        self.document_number = self.document_number.strip()
        if self.document_type in NUMBER_VALIDATORS:
            self.document_number = self.document_number.upper()
        if self.printed_type and self.printed_type == self.document_label:
            self.printed_type = ""
        errors = self.content_errors()
        if self.status in PLACED_STATUSES and self.page_id is None:
            errors.setdefault("page", []).append(_("已排期或已签发的声明须选定见报版面。"))
        if errors:
            raise ValidationError(errors)

    def review_problems(self):
        """Why a notice read from the paper cannot stand as structured fields.

        A field whose value does not fit (too long, wrong form) is emptied, so that
        the row can be saved; the raw text keeps what was printed.
        """
        problems = []
        exclude = [f.name for f in self._meta.fields if f.name not in CONTENT_FIELDS]
        try:
            self.clean_fields(exclude=exclude)
        except ValidationError as error:
            for name, messages in error.message_dict.items():
                field = self._meta.get_field(name)
                setattr(self, name, None if field.null else field.get_default())
                problems.extend(f"{field.verbose_name}:{message}" for message in messages)
        for name, messages in self.content_errors().items():
            label = self._meta.get_field(name).verbose_name
            problems.extend(f"{label}:{message}" for message in messages)
        if not problems and self.raw_text and printed.print_notice_line(self.to_parsed()) != self.raw_text:
            problems.append(str(_("按各项印出的文字与见报原文不一致。")))
        return problems

    @classmethod
    def from_parsed(cls, parsed, page=None, position=0, status=None, *, save=True, **fields):
        """A Notice from one ParsedNotice (the edition importer's entry point).

        status defaults to published when a page is given (the line was printed) and
        received otherwise; a published notice goes live with its edition. A line
        that could not be read, or whose fields fail validation, is kept: raw_text is
        the printed line, needs_review is set and review_note says why.
        Saved unless save=False. Returns the Notice.
        """
        if status is None:
            status = NoticeStatus.PUBLISHED if page is not None else NoticeStatus.RECEIVED
        if status in PLACED_STATUSES and page is None:
            raise ValueError("A scheduled or published notice needs a page.")
        notice = cls(page=page, position=position, status=status, raw_text=parsed.text, **fields)
        if status == NoticeStatus.PUBLISHED and notice.publish_at is None and page is not None:
            notice.publish_at = page.edition.publish_at
        if parsed.readable:
            notice.set_parsed(parsed)
            problems = notice.review_problems()
            if problems:
                notice.needs_review = True
                notice.review_note = ";".join(problems)[:500]
        else:
            notice.needs_review = True
            notice.review_note = str(_("这一行未能自动识别,按原文见报;请核对后补全各项。"))
        if save:
            notice.save()
        return notice

    @classmethod
    def contents(cls, queryset, pages):
        """The notices column is one line of an edition's table of contents, however many notices it prints."""
        columns = (
            queryset.order_by().values("page").annotate(count=Count("pk"), first=Min("position"), first_pk=Min("pk"))
        )
        return [
            ContentsEntry(
                _("下列证件 声明作废（%(count)s 条）") % {"count": column["count"]},
                f"{pages[column['page']].get_absolute_url()}#notices",
                column["page"],
                (column["first"], cls._meta.label, column["first_pk"]),
            )
            for column in columns
        ]

    @classmethod
    def page_items(cls, queryset, now=None):
        """On a page view, mark the first notice of the column, where the header 下列证件 声明作废 goes."""
        # What the line prints from, and no more: a day's 140 notices read whole cost more than printing them.
        printed_from = queryset.only(*CONTENT_FIELDS, "raw_text", "needs_review", "page", "position")
        notices, pages = sorted(printed_from, key=lambda n: (n.position, n.pk)), set()
        for notice in notices:
            notice.column_start = notice.page_id not in pages
            pages.add(notice.page_id)
        return notices


def number_lookup_q(number):
    """Notices declaring `number` void: the exact number, or (for a line kept whole) the number
    standing alone in the printed text, among the lines the search index finds it in."""
    pattern = rf"(^|[^0-9A-Za-z]){re.escape(number)}($|[^0-9A-Za-z])"
    in_text = Q(needs_review=True, raw_text__iregex=pattern) & search.matching_q(Notice, [number])
    return Q(number_key=number.upper()) | in_text
