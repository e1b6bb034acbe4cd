"""The data model: the single source of truth for validation, the JSON Schema
files in ``schema/`` and the records handed to templates.

Every field carries a Chinese description and an example, because the exported
JSON Schema is what contributors see in their editor.  Cross-record rules
(references, duplicate ids) live in ``loader.py``; the fields that refer to
other records are declared in each model's ``REFERENCES``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator

from . import rules
from .rules import HAN

# --- field types --------------------------------------------------------------

RecordId = Annotated[str, StringConstraints(pattern=rules.ID_PATTERN)]
NonEmpty = Annotated[str, StringConstraints(min_length=1, strip_whitespace=False)]


@functools.lru_cache(maxsize=4096)  # 42,000 dates at 1,000 pages, a few hundred different
def _real_partial_date(value: str) -> str:
    if not re.match(rules.PARTIAL_DATE_PATTERN, value):
        raise ValueError("日期格式应为 YYYY、YYYY-MM 或 YYYY-MM-DD|例如 2021-07-07；只知道年份就写 2021")
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise ValueError(f"日期 {value} 不存在|检查月份（01–12）和这个月的天数") from None
    return value


def _real_datetime(value: str) -> str:
    # One format only: fromisoformat alone also accepts "20211129T1013+0800", week dates …
    if not re.match(rules.DATETIME_PATTERN, value):
        raise ValueError(f"时间格式应为 YYYY-MM-DDTHH:MM+08:00|例如 {rules.DATETIME_EXAMPLE}（只用这一种写法）")
    try:
        stamp = dt.datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("时间格式应为 YYYY-MM-DDTHH:MM+08:00|例如 2021-11-29T10:13+08:00") from None
    if stamp.tzinfo is None:
        raise ValueError("时间缺少时区|在末尾加上 +08:00（北京时间）")
    return value


def _real_full_date(value: str) -> str:
    if not re.match(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$", value):
        raise ValueError("日期格式应为 YYYY-MM-DD|例如 2026-11-23（写到具体哪一天）")
    return _real_partial_date(value)


def _no_chinese(value: str) -> str:
    found = re.search(f"(?:{HAN.pattern})+", value)
    if found:
        raise ValueError(f"英文里有汉字“{found.group(0)}”|en 里只写英文：名称旁边的中文由英文版自动附上，"
                         "引语的原话写在 zh 里；名称用通行英文名或拼音（见 CONTRIBUTING.md 英文版一节）")
    return value


def _not_in_the_future(value: str) -> str:
    """A date that records the past (reviewed, published) cannot lie ahead (issue 21.5)."""
    today = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=rules.CHINA_UTC_OFFSET_HOURS)).date()
    if value[:10] > (today + dt.timedelta(days=rules.PAST_DATE_GRACE_DAYS)).isoformat():
        raise ValueError(f"日期 {value[:10]} 在未来|这里记的是已经发生的事（核对日期、发表时间），写实际的日期，不晚于今天 {today}")
    return value


def _decimal_figure(value: int | float) -> int | float:
    if isinstance(value, float) and rules.FIGURE_EXPONENT.search(repr(value)):
        raise ValueError(f"数值 {value!r} 没有合理的小数写法，页面上会显示成科学记数法|"
                         "检查数字是否写错；原文的数值请照原样写成普通小数，例如 0.5、12.5")
    return value


def _safe_url(value: str) -> str:
    from . import url_safety
    problem = url_safety.problem(value)
    if problem:
        raise ValueError(problem)
    return value


PartialDate = Annotated[str, AfterValidator(_real_partial_date)]
PastDate = Annotated[str, AfterValidator(_real_partial_date), AfterValidator(_not_in_the_future)]
Url = Annotated[str, StringConstraints(pattern=r"^https?://\S+$"), AfterValidator(_safe_url)]
FullDate = Annotated[str, AfterValidator(_real_full_date)]
DateTime = Annotated[str, AfterValidator(_real_datetime), AfterValidator(_not_in_the_future)]


class Record(BaseModel):
    """Base: strict typing (``"012"`` is not a number) and no unknown fields."""

    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)
    # field name -> record kinds it may point at (checked in loader.py)
    REFERENCES: ClassVar[dict[str, tuple[str, ...]]] = {}


def _field(description: str, example: Any, **kwargs: Any) -> Any:
    return Field(description=description, examples=[example], **kwargs)


class Text(Record):
    """A piece of text in Chinese and, for the English edition, in English."""

    zh: NonEmpty = _field("中文文字（必填）。用自己的话写，不要照抄原文。", "全省超过一万名首席质量官活跃在企业一线。")
    en: Annotated[NonEmpty, AfterValidator(_no_chinese)] | None = _field(
        "英文（英文版用；发布英文版时必填，make check 会列出缺少的）。用自己的话译，不是机器翻译；名称用通行英文名，"
        "人名用拼音、姓在前；不写汉字；有 {value} 的陈述在英文里也写一次 {value}。",
        "More than 10,000 chief quality officers work in Anhui's companies.", default=None,
        # The editor flags Chinese typed into `en` as make check does (patternErrorMessage is the
        # message VS Code's YAML extension shows; the loader's is _no_chinese's).
        json_schema_extra={"pattern": f"^[^{HAN.pattern[1:-1]}]*$",
                           "patternErrorMessage": "英文里不写汉字：名称旁边的中文由英文版自动附上，引语的原话写在 zh 里。"})


class SourceRef(Record):
    """Where a record comes from: a source id and the section of it (absent: the whole text)."""

    id: RecordId = _field("来源的 id，见 data/sources.yml。", "cqn-2021-11-29")
    section: RecordId | None = _field(
        "来源中的章节 id，见该来源的 sections。引用全文（内容散见全文、不属于某一节）时省略 section。",
        "fengxiangbiao", default=None)


# One source, or a list of them when a record is supported by several.
Citation = SourceRef | Annotated[list[SourceRef], Field(min_length=1)]


def _source_field() -> Any:
    return _field("出处：来源 id 和章节 id（引用全文时只写 id）。每条记录都必须写；"
                  "出自多个来源时写成列表：[{id: …, section: …}, {id: …}]。",
                  {"id": "cqn-2021-11-29", "section": "fengxiangbiao"})


class Reviewed(Record):
    """When a record was last checked against its sources, and by whom."""

    date: PastDate = _field("最后一次对照来源核对这条记录的日期：YYYY-MM-DD。", "2026-11-25")
    by: NonEmpty = _field("核对人（姓名或编辑组）。", "编辑组")

    @model_validator(mode="after")
    def _full_date(self) -> "Reviewed":
        if len(self.date) != 10:
            raise ValueError("reviewed.date 要写到日|写成 YYYY-MM-DD，例如 2026-11-25")
        return self


def _reviewed_field() -> Any:
    return _field("最后核对：日期和核对人。每条记录都必须写；改动或重新核对后更新。页面上的“最后核对”日期由它得出。",
                  {"date": "2026-11-25", "by": "编辑组"})


class Sourced(Record):
    """A record that says where it comes from (``source``) and when it was last checked
    (``reviewed``); each subclass declares both as its last fields, so that field order
    (error hints, CSV columns) starts with ``id``."""

    @property
    def citations(self) -> tuple[SourceRef, ...]:
        """The source references as a tuple, whether one or several were written."""
        return tuple(self.source) if isinstance(self.source, list) else (self.source,)


def _name_field(example: str, english: str) -> Any:
    return _field("名称（中文写在 zh，英文写在 en）。", {"zh": example, "en": english})


# --- the source and the structure of the report -------------------------------------


class Section(Record):
    id: RecordId = _field("章节 id。", "fengxiangbiao")
    heading: Text = _field("章节在原文中的小标题。", {"zh": "树立质量发展“风向标”", "en": "Setting up a “weathervane” for quality development"})


# Source grades (../shared/sources/README.md): how close the copy we hold is to the publisher.
# "A-" is written with an ASCII hyphen in YAML and shown as "A−".
SOURCE_GRADES = ("A", "A-", "B", "C")
# How much of the text the captured copy holds: a record may say only what the copy says.
COPY_EXTENTS = ("excerpt", "complete")
# How sure a source's date is: stated in the copy, inferred (say why), or unknown (say what is missing).
DATE_CERTAINTIES = ("stated", "inferred", "unknown")
# Where a source's title comes from: the copy itself, another source, or written by the site.
TITLE_ORIGINS = ("copy", "other-source", "site")
# What was done to a contaminated copy before facts were taken from it.
RESTORATION_KINDS = ("spam-removed", "chrome-removed", "script-converted", "words-restored")


def _source_stamp(value: str) -> str:
    """A day, month or year (2021-11-29, 2021-11, 2021), or a time with its zone."""
    if re.match(rules.PARTIAL_DATE_PATTERN, value):
        return _real_partial_date(value)
    if "T" in value or ":" in value:   # meant as a time: say the one time format
        return _real_datetime(value)
    raise ValueError("日期格式应为 YYYY、YYYY-MM、YYYY-MM-DD，或带时间 YYYY-MM-DDTHH:MM+08:00|"
                     "例如 \"2013-03-01\"、\"2022\"、\"2022-01-27T11:54+08:00\"")


SourceStamp = Annotated[str, AfterValidator(_source_stamp), AfterValidator(_not_in_the_future)]


class SourceDate(Record):
    """A date of a source and how sure it is: stated in the copy, inferred (why), or unknown."""

    date: SourceStamp | None = _field(
        "日期：YYYY、YYYY-MM、YYYY-MM-DD，或带时间 YYYY-MM-DDTHH:MM+08:00。只写副本里写明的，或推断出的（写 why）；"
        "不知道就不写。", "2013-03-01", default=None)
    certainty: Literal[DATE_CERTAINTIES] = _field(  # type: ignore[valid-type]
        "日期有多确定：stated（副本里写明）、inferred（副本没写明，由别的线索推断，必须在 why 里写理由）、"
        "unknown（不知道：不写 date，在 why 里写缺了什么）。", "stated")
    why: Text | None = _field(
        "inferred 时写推断的理由，unknown 时写副本缺了什么（例如“摘录中没有落款日期”）。stated 时可省略。",
        {"zh": "副本正文没有日期；取自网址中的 2012/08/07。", "en": "The copy's text has no date; taken from 2012/08/07 in its address."},
        default=None)

    @model_validator(mode="after")
    def _certainty_agrees(self) -> "SourceDate":
        if self.certainty == "unknown" and self.date is not None:
            raise ValueError("certainty: unknown 表示不知道日期，不能再写 date|"
                             "副本写明了日期就改成 certainty: stated；是推断的就改成 inferred 并写 why")
        if self.certainty != "unknown" and self.date is None:
            raise ValueError(f"certainty: {self.certainty} 需要 date|写上日期（如 \"2013-03-01\"）；"
                             "不知道日期就改成 certainty: unknown，并在 why 里写缺了什么")
        if self.certainty in ("inferred", "unknown") and self.why is None:
            raise ValueError(f"certainty: {self.certainty} 要写 why|"
                             "inferred 写推断的理由（从哪条线索推出）；unknown 写副本缺了什么（如“摘录中没有落款日期”）")
        return self


class Grade(Record):
    """How far the copy can be trusted (grades in ../shared/sources/README.md)."""

    level: Literal[SOURCE_GRADES] = _field(  # type: ignore[valid-type]
        "等级：A（首发者自己的网站）、A-（官方文本由另一政府网站转载，或由发布机关所属媒体刊发）、"
        "B（官方或官方媒体文本由聚合网站转载）、C（行业媒体，或只在无关镜像网站上找到的官方媒体文本）。"
        "A- 用英文连字符写，页面显示为 A−。", "B")
    reason: Text = _field("一句话说明为什么是这个等级（页面上和等级一起显示）。",
                          {"zh": "省政府文件，由法规数据库转载，转载方不是发布机关。",
                           "en": "A provincial government document reposted by a law database, not by its issuer."})


class Restoration(Record):
    """One kind of repair made to a contaminated copy before facts were taken from it."""

    kind: Literal[RESTORATION_KINDS] = _field(  # type: ignore[valid-type]
        "修复类型：spam-removed（删去广告）、chrome-removed（删去网页导航等页面文字）、"
        "script-converted（繁体转回简体）、words-restored（还原被替换的词语）。", "words-restored")
    what: Text = _field(
        "用文字说明改了什么，不要照抄污染的原文（广告词、繁体替换词会被数据检查拦下）。",
        {"zh": "被广告替换的“中国”一词按上下文和原刊名称还原（如“中国质量报”）。",
         "en": "The word “China”, replaced by advertising, restored from context and the publication's name (e.g. China Quality News)."})


class Reproduction(Record):
    """The site a copy was found on ("as reproduced by"), when it is not the publisher's own."""

    REFERENCES = {"organisation": ("organisation",)}

    name: Text = _field("转载网站的名称。", {"zh": "食品伙伴网法规库", "en": "Foodmate law database"})
    host: Annotated[str, StringConstraints(pattern=r"^[a-z0-9.-]+\.[a-z]{2,}$")] = _field(
        "转载网站的域名（不带 http://）。", "law.foodmate.net")
    organisation: RecordId | None = _field("转载网站若是本站的机构记录，写机构 id（可选）。", "china-economic-net", default=None)
    posted: SourceDate | None = _field(
        "转载页自己的时间戳（它是转载网站的时间，不是首发时间）。没有就省略。",
        {"date": "2014-10-16T10:21+08:00", "certainty": "stated"}, default=None)
    column: Text | None = _field("转载栏目（可选）。", {"zh": "产业市场 › 质量监督 › 质量信息",
        "en": "Industry and Markets › Quality Supervision › Quality Information"}, default=None)


class Source(Record):
    """A published text the facts are taken from, and the copy of it we hold."""

    REFERENCES = {"publisher": ("organisation",), "reporter": ("person",), "editor": ("person",)}

    id: RecordId = _field("来源 id。", "cqn-2021-11-29")
    title: Text = _field("原文标题（不带书名号）。", {"zh": "安徽省大力实施质量提升行动强力推进质量强省建设",
        "en": "Anhui Vigorously Carries Out the Quality Improvement Action and Forcefully Advances the Building of a Quality-Strong Province"})
    title_from: Literal[TITLE_ORIGINS] = _field(  # type: ignore[valid-type]
        "标题出自哪里：copy（副本里有）、other-source（副本里没有，出自别的来源，在 not_in_copy 里说明）、"
        "site（副本里没有，本站拟写，页面上标为本站拟题）。", "copy", default="copy")
    publisher: RecordId | None = _field(
        "首发者（机构 id）。首发者不是本站的机构记录时不写，改写 publisher_name。", "china-quality-news", default=None)
    publisher_name: Text | None = _field(
        "首发者名称（首发者不是本站的机构记录，或是几个机构联合发布时写；与 publisher 二选一）。",
        {"zh": "中共安徽省委、安徽省人民政府", "en": "CPC Anhui Provincial Committee and Anhui Provincial People's Government"},
        default=None)
    reporter: RecordId | None = _field("记者（人物 id，可选）。", "li-hui", default=None)
    byline: Text | None = _field("署名（记者不是本站的人物记录时，按副本写，可选）。",
                                 {"zh": "芜湖日报记者汪潜、程中玉", "en": "Wang Qian and Cheng Zhongyu, Wuhu Daily reporters"}, default=None)
    editor: RecordId | None = _field("责任编辑（人物 id，可选）。", "tong-mingbiao", default=None)
    published: SourceDate = _field(
        "首发者发表（或印发）的日期及其确定程度。转载页上的时间不是发表时间：写在 reproduced_by.posted。",
        {"date": "2013-03-01", "certainty": "stated"})
    reproduced_by: Reproduction | None = _field(
        "我们手中的副本是在哪个网站找到的（不是首发者自己的网站时必填；在首发者网站上找到的就省略）。",
        {"name": {"zh": "食品伙伴网法规库", "en": "Foodmate law database"}, "host": "law.foodmate.net"}, default=None)
    url: Url = _field("副本的网址。", "http://law.foodmate.net/show-184935.html")
    url_verified: bool = _field("地址是否已核实可访问（true 或 false）。", False)
    grade: Grade = _field("来源等级和理由，页面上每次引用都显示。",
                          {"level": "B", "reason": {"zh": "省政府文件，由法规数据库转载。", "en": "A provincial government document reposted by a law database."}})
    extent: Literal[COPY_EXTENTS] = _field(  # type: ignore[valid-type]
        "副本是否完整：excerpt（只有一部分，记录只能写副本里有的内容）、complete（全文）。", "excerpt")
    not_in_copy: Text | None = _field("副本里缺了什么读者会问的内容（标题、文号、日期……），可选。",
                                      {"zh": "标题、文号和落款都不在摘录中。", "en": "The title, document number and signature are not in the excerpt."},
                                      default=None)
    restorations: list[Restoration] = _field("整理副本时做过的修复（副本有广告、繁体替换等污染时必写）。",
                                             [{"kind": "script-converted", "what": {"zh": "繁体转回简体。", "en": "Converted back to simplified script."}}],
                                             default_factory=list)
    sections: list[Section] = _field("原文各章节，事实按章节引用；副本没有小标题时只写一节（如 excerpt）。",
                                     [{"id": "excerpt", "heading": {"zh": "摘录", "en": "Excerpt"}}], min_length=1)
    reviewed: Reviewed = _reviewed_field()

    @model_validator(mode="after")
    def _publisher_once(self) -> "Source":
        if (self.publisher is None) == (self.publisher_name is None):
            raise ValueError("publisher 和 publisher_name 要写且只写一个|首发者是本站的机构记录就写 publisher（机构 id）；"
                             "否则写 publisher_name: {zh: 名称, en: Name}")
        if self.reporter is not None and self.byline is not None:
            raise ValueError("reporter 和 byline 只写一个|记者是本站的人物记录就写 reporter（人物 id）；否则写 byline")
        return self

    @property
    def known_date(self) -> str | None:
        """The earliest date we hold for the text: the publisher's, else the copy's stamp."""
        if self.published.date:
            return self.published.date
        posted = self.reproduced_by.posted if self.reproduced_by else None
        return posted.date if posted else None


class Theme(Record):
    """A themed page of the report and the topics it is divided into."""

    id: RecordId = _field("主题 id。", "governance")
    title: Text = _field("主题名称（页面标题）。", {"zh": "顶层设计", "en": "Top-level design"})
    motto: Text = _field("页面的关键词（本站所取，可借用原文小标题中的词）。", {"zh": "风向标", "en": "Weathervane"})
    page: Annotated[str, StringConstraints(pattern=r"^[a-z0-9-]+\.md$")] = _field("页面文件（docs/ 下）。", "governance.md")
    summary: Text = _field("一句话概括本主题。本站释义：这是本站的概括，不是来源的说法，页面上会标明。",
                           {"zh": "安徽如何从制度上推动质量工作。", "en": "How Anhui drives quality work through its institutions."})
    topics: list[RecordId] = _field("页面上的小节 id，事实用 topic 归入小节；顺序即页面顺序。", ["policy"], min_length=1)
    reviewed: Reviewed = _reviewed_field()


# --- entities ------------------------------------------------------------------------

ORGANISATION_KINDS = ("party", "government", "legislature", "agency", "office", "enterprise",
                      "institute", "academy", "association", "alliance", "media", "international")
PLACE_KINDS = ("country", "region", "province", "city", "county", "district")
DOCUMENT_KINDS = ("policy", "regulation", "law", "plan", "standard", "letter", "notice", "initiative")
EVENT_KINDS = ("meeting", "assessment", "award", "list", "publication", "other")
PROGRAMME_KINDS = ("system", "mechanism", "action", "award", "brand", "platform", "campaign", "fund", "contest")


class Organisation(Sourced):
    REFERENCES = {"place": ("place",), "parent": ("organisation",)}

    id: RecordId = _field("机构 id。", "iflytek")
    name: Text = _name_field("科大讯飞", "iFLYTEK")
    short_name: Text | None = _field("简称（可选）。", {"zh": "省市场监管局", "en": "Provincial AMR"}, default=None)
    kind: Literal[ORGANISATION_KINDS] = _field("机构类型。", "enterprise")  # type: ignore[valid-type]
    place: RecordId | None = _field("所在地（地点 id，可选）。", "anhui", default=None)
    parent: RecordId | None = _field("上级机构（机构 id，可选）。", "cnbm", default=None)
    about: Text | None = _field(
        "本站释义（可选）：来源没有说、但读者需要的背景，用自己的话写，页面上标为“本站释义”。",
        {"zh": "国家市场监督管理总局主管的报纸。", "en": "A newspaper overseen by the State Administration for Market Regulation."}, default=None)
    source: Citation = _source_field()
    reviewed: Reviewed = _reviewed_field()


class Role(Record):
    REFERENCES = {"organisation": ("organisation",)}

    title: Text = _field("职务。", {"zh": "董事长", "en": "Chairman"})
    organisation: RecordId | None = _field("任职机构（机构 id，可选）。", "iflytek", default=None)


class Person(Sourced):
    id: RecordId = _field("人物 id（拼音）。", "liu-qingfeng")
    name: Text = _name_field("刘庆峰", "Liu Qingfeng")
    roles: list[Role] = _field("职务，按原文写。", [{"title": {"zh": "董事长", "en": "Chairman"}, "organisation": "iflytek"}], default_factory=list)
    source: Citation = _source_field()
    reviewed: Reviewed = _reviewed_field()


class Place(Sourced):
    REFERENCES = {"part_of": ("place",)}

    id: RecordId = _field("地点 id。", "wuhu")
    name: Text = _name_field("芜湖市", "Wuhu")
    kind: Literal[PLACE_KINDS] = _field("地点类型。", "city")  # type: ignore[valid-type]
    part_of: RecordId | None = _field("上级地点（地点 id，可选）。", "anhui", default=None)
    source: Citation = _source_field()
    reviewed: Reviewed = _reviewed_field()


class Document(Sourced):
    REFERENCES = {"issued_by": ("organisation", "person")}

    id: RecordId = _field("文件 id。", "implementation-opinions")
    title: Text = _field("文件标题（不含书名号）。", {"zh": "关于开展质量提升行动推进质量强省建设的实施意见",
        "en": "Implementation Opinions on Carrying Out the Quality Improvement Action and Advancing the Building of a Quality-Strong Province"})
    kind: Literal[DOCUMENT_KINDS] = _field("文件类型。", "policy")  # type: ignore[valid-type]
    issued_by: list[RecordId] = _field("发布者（机构或人物 id）。", ["anhui-party-committee"], default_factory=list)
    number: Annotated[str, StringConstraints(min_length=1)] | None = _field(
        "发文字号，只在来源原文写明时填写，照原文写（如 皖政〔2013〕19号）；来源没写就省略。", "皖政〔2013〕19号", default=None)
    issued: PartialDate | None = _field(
        "印发日期：YYYY、YYYY-MM 或 YYYY-MM-DD，来源原文写明时填写；推断出的日期要同时写 issued_inferred；都没有就省略（文件就不上时间线）。",
        "2013-03-01", default=None)
    issued_inferred: Text | None = _field(
        "印发日期不是来源直接写明、而是推断出来的时候，写推断的理由（页面上显示“推断”和这句理由）；来源写明了就省略。",
        {"zh": "摘录只说“近日”印发；它依据2023年的国家纲要制定。", "en": "The excerpt says only “recently”; it follows the national outline of 2023."},
        default=None)
    source: Citation = _source_field()
    reviewed: Reviewed = _reviewed_field()

    @model_validator(mode="after")
    def _inferred_needs_date(self) -> "Document":
        if self.issued_inferred is not None and self.issued is None:
            raise ValueError("写了 issued_inferred 却没有 issued|补上推断出的 issued，或删去 issued_inferred")
        return self


class Programme(Sourced):
    REFERENCES = {"run_by": ("organisation",)}

    id: RecordId = _field("项目/制度 id。", "chief-quality-officer-system")
    name: Text = _name_field("首席质量官制度", "Chief quality officer system")
    kind: Literal[PROGRAMME_KINDS] = _field("类型：制度、机制、行动、奖项、品牌、平台、活动、资金、赛事。", "system")  # type: ignore[valid-type]
    run_by: list[RecordId] = _field("主办或实施机构（机构 id）。", ["anhui-government"], default_factory=list)
    source: Citation = _source_field()
    reviewed: Reviewed = _reviewed_field()


class Event(Sourced):
    REFERENCES = {"place": ("place",), "organisers": ("organisation",)}

    id: RecordId = _field("事件 id。", "yrd-quality-meeting-2021")
    name: Text = _name_field("长三角质量提升示范试点项目推进会",
                             "Promotion Meeting for the Yangtze River Delta Quality Improvement Demonstration Pilot Projects")
    kind: Literal[EVENT_KINDS] = _field(  # type: ignore[valid-type]
        "事件类型（时间线上显示）：meeting（会议、活动）、assessment（考核）、award（评奖、颁奖）、"
        "list（名单、公示）、publication（报道发表或转载）、other（其他）。", "meeting", default="other")
    date: PartialDate | None = _field("日期：YYYY、YYYY-MM 或 YYYY-MM-DD，只写到来源给出的精度；原文没写就省略。", "2021-07-07", default=None)
    date_inferred: Text | None = _field(
        "日期不是来源直接写明、而是推断出来的时候，写推断的理由（页面上显示“推断”和这句理由）；来源写明了就省略。",
        {"zh": "公示要求2022年3月9日前反映意见，公示发布于此前。",
         "en": "The notice asks for comments before 9 March 2022, so it was issued before that."}, default=None)
    place: RecordId | None = _field("地点 id（可选）。", "fanchang", default=None)
    organisers: list[RecordId] = _field("主办机构 id。", ["samr"], default_factory=list)
    motto: Text | None = _field("活动主题（可选）。", {"zh": "质量共建、共享、共赢，助推长三角一体化发展",
        "en": "Building, sharing and winning together on quality, to advance Yangtze River Delta integration"}, default=None)
    source: Citation = _source_field()
    reviewed: Reviewed = _reviewed_field()

    @model_validator(mode="after")
    def _inferred_needs_date(self) -> "Event":
        if self.date_inferred is not None and self.date is None:
            raise ValueError("写了 date_inferred 却没有 date|补上推断出的 date，或删去 date_inferred")
        return self


# --- what the pages show -----------------------------------------------------------------

ANY_ENTITY = ("organisation", "person", "place", "document", "programme", "event")


class Quotation(Sourced):
    """Somebody's own words, shown as a quotation with speaker and source."""

    REFERENCES = {"speaker": ("person",), "theme": ("theme",)}

    id: RecordId = _field("引语 id。", "liu-qingfeng-quality-first")
    speaker: RecordId = _field("说话人（人物 id）。", "liu-qingfeng")
    text: Text = _field("引语原话，逐字照录，不加引号。", {"zh": "质量如同空气一样重要。", "en": "Quality is as important as air."})
    theme: RecordId = _field("所属主题 id。", "enterprise-leaders")
    topic: RecordId = _field("所属小节 id（见 themes.yml 中该主题的 topics）。", "leaders")
    source: Citation = _source_field()
    reviewed: Reviewed = _reviewed_field()


class Fact(Sourced):
    """One fact of the report, in the project's own words, with its source."""

    REFERENCES = {"theme": ("theme",), "subject": ANY_ENTITY, "mentions": ANY_ENTITY}

    id: RecordId = _field("事实 id：英文小写和连字符，发布后不要改（它是网页锚点）。", rules.ID_EXAMPLE)
    theme: RecordId = _field("所属主题 id，见 data/themes.yml。", "co-governance")
    topic: RecordId = _field("所属小节 id（见 themes.yml 中该主题的 topics）。", "people")
    subject: RecordId | None = _field(
        "这条事实讲的是谁/什么：机构、人物、地点、文件、项目或事件的 id。原文没有点名某一个主体时省略，"
        "需要时改写 subject_group。", "anhui", default=None)
    subject_group: Text | None = _field(
        "原文只说到一类对象、没有点名某一条记录时，写这类对象的名称（如“获奖企业”），不写 subject。",
        {"zh": "质量奖获奖企业", "en": "enterprises that have won quality awards"}, default=None)
    mentions: list[RecordId] = _field("事实里提到的其他记录 id（可选）。", ["chief-quality-officer-system"], default_factory=list)
    statement: Text = _field(
        "用自己的话写的一句陈述。数字不要手打：写 {value}，页面会换成带单位的数值。",
        {"zh": "全省活跃着{value}首席质量官。", "en": "{value} chief quality officers are active across the province."})
    value: Annotated[int | float, Field(ge=0), AfterValidator(_decimal_figure)] | None = _field("数值（数字，不加引号、不用全角）。没有数值的事实省略。", 10000, default=None)
    unit: Literal[rules.UNITS] | None = _field("单位，只能从允许的列表中选。有 value 时必填。", "名", default=None)  # type: ignore[valid-type]
    qualifier: Literal[rules.QUALIFIERS] = _field(
        "数值的精确程度：exact（确数）、more_than（“余”“以上”）、approximately（约数）。", "more_than", default="exact")  # type: ignore[valid-type]
    label: Text | None = _field("数值的简短说明（关键数字卡片和图表用）。有 value 时必填。",
                                   {"zh": "首席质量官", "en": "chief quality officers"}, default=None)
    time: PartialDate | None = _field(
        "事实所指的时间：YYYY、YYYY-MM 或 YYYY-MM-DD，只写原文给出的时间。"
        "原文没有给出日期时不写 time，并写 time_basis: as_reported。", "2021-07-07", default=None)
    time_basis: Literal[rules.TIME_BASES] = _field(
        "time 的含义：on（当天/当年发生）、during（期间）、as_of（截至）、since（自某时起）；"
        "as_reported（原文没有给出日期：页面显示为“据某年某月报道”，取来源的发表时间，此时不写 time）。",
        "as_reported")  # type: ignore[valid-type]
    key: bool = _field("是否为关键数字（首页和主题页顶部的卡片）。", False, default=False)
    rank: Annotated[int, Field(ge=1)] | None = _field(
        "首页排序（可选，只用于 key: true）：1 最靠前；首页第一屏显示排在最前的几个数字，没有 rank 的排在后面。",
        1, default=None)
    source: Citation = _source_field()
    reviewed: Reviewed = _reviewed_field()

    @model_validator(mode="after")
    def _figure_fields_agree(self) -> "Fact":
        if self.time_basis == "as_reported" and self.time is not None:
            raise ValueError("time_basis: as_reported 表示原文没有给出日期，不能再写 time|"
                             "原文给出了日期就写对应的 time_basis（on/during/as_of/since）；没有给出就删去 time")
        if self.time_basis != "as_reported" and self.time is None:
            raise ValueError("缺少 time|原文给出了日期就写 time（如 \"2021-07-07\"）；"
                             "原文没有给出日期时写 time_basis: as_reported，不写 time")
        if self.subject is not None and self.subject_group is not None:
            raise ValueError("subject 和 subject_group 只能写一个|原文点名了某一条记录就写 subject（id）；"
                             "只说到一类对象就写 subject_group（名称）")
        texts = [self.statement.zh] + ([self.statement.en] if self.statement.en else [])
        if self.value is not None:
            if self.unit is None:
                raise ValueError("有 value 的事实缺少 unit|补上单位，例如 unit: 家")
            if self.label is None:
                raise ValueError("有 value 的事实缺少 label|补上简短说明，例如 label: {zh: 获政府质量奖企业}")
            for text in texts:
                if text.count(rules.VALUE_PLACEHOLDER) != 1:
                    raise ValueError("statement 里要恰好出现一次 {value}|在陈述中写 {value} 代替数字，例如“共有{value}企业获奖”")
        else:
            if self.unit is not None or self.qualifier != "exact":
                raise ValueError("没有 value 的事实不应写 unit 或 qualifier|补上 value，或删去 unit/qualifier")
            if self.key:
                raise ValueError("key: true 只用于有数值的事实|删去 key，或补上 value/unit/label")
            for text in texts:
                if rules.VALUE_PLACEHOLDER in text:
                    raise ValueError("statement 里有 {value} 但没有 value|"
                                     "补上 value、unit 和 label；这条事实没有数字就删去 {value}")
        if self.rank is not None and not self.key:
            raise ValueError("rank 只用于关键数字|加上 key: true，或删去 rank")
        return self


class LaterWord(Record):
    """What a later source says about a target, in the site's own words (never a verdict)."""

    @property
    def citations(self) -> tuple[SourceRef, ...]:
        return tuple(self.source) if isinstance(self.source, list) else (self.source,)

    says: Text = _field(
        "后来的来源就这个目标说了什么，用自己的话写，只写来源说的；来源没有评价进展时不要替它评价。",
        {"zh": "2022年1月的报道说，安徽在省级政府质量工作考核中首次获评A级。",
         "en": "A January 2022 report says Anhui was graded A for the first time in the assessment of provincial governments' quality work."})
    source: Citation = _source_field()


class Target(Sourced):
    """An aim a document set: what, by when, set by which document."""

    REFERENCES = {"document": ("document",)}

    id: RecordId = _field("目标 id：英文小写和连字符（网页锚点 #target-<id>）。", "outline-2025-brands")
    document: RecordId = _field("提出这个目标的文件（文件 id，见 data/documents.yml）。", "quality-province-outline-2023")
    by: PartialDate = _field("目标年份：到哪一年（原文“到2025年”写 \"2025\"）。", "2025")
    aim: Text = _field(
        "目标是什么：用自己的话写，只写副本里有的内容；数字照原文（如 100%）。",
        {"zh": "培育一批“皖”字号品牌，争取在中国质量奖上实现突破。",
         "en": "Build up a group of Anhui brands and achieve a breakthrough in the China Quality Award."})
    later: list[LaterWord] = _field(
        "后来的来源对这个目标说了什么（可选，按时间先后）。没有来源说过就不写：页面会写明本站来源中没有更晚的报道提到它。",
        [], default_factory=list)
    source: Citation = _source_field()
    reviewed: Reviewed = _reviewed_field()


class Context(Sourced):
    """Background in the site's own words, marked as such, for readers new to Chinese policy."""

    id: RecordId = _field("背景说明 id（宏 context(\"id\") 用它）。", "drive")
    title: Text = _field("小标题。", {"zh": "什么是质量强省建设", "en": "What the quality-strong-province drive is"})
    text: Text = _field(
        "本站释义：用自己的话写的说明，一两段；只写来源支持的内容，页面上标为“本站释义”。",
        {"zh": "安徽省把提高产品、工程和服务质量作为全省长期工作……", "en": "Anhui has made raising the quality of products, works and services a long-term task …"})
    source: Citation = _field("支持这段说明的来源（可以是多个）。", [{"id": "ah-gov-2012-campaign-opinions"}])
    reviewed: Reviewed = _reviewed_field()


class Chart(Record):
    """A bar chart comparing figures of the same unit (like with like only)."""

    REFERENCES = {"theme": ("theme",), "facts": ("fact",)}

    id: RecordId = _field("图表 id。", "inspection-centres")
    title: Text = _field("图表标题。", {"zh": "国家级与省级质检中心", "en": "National and provincial quality inspection centers"})
    description: Text = _field("一句话说明图表比较的是什么（读屏软件会读出）。", {"zh": "安徽建有的国家级质检中心与省级质检中心数量对比。",
        "en": "How many national and provincial quality inspection centers Anhui has built, side by side."})
    theme: RecordId = _field("显示在哪个主题页。", "enterprise-leaders")
    topic: RecordId = _field("显示在该页的哪个小节之后。", "infrastructure")
    facts: list[RecordId] = _field("参与比较的事实 id（都要有 value，且单位相同）。", ["national-inspection-centres", "provincial-inspection-centres"], min_length=2)
    reviewed: Reviewed = _reviewed_field()


class GlossaryTerm(Sourced):
    """A term readers may not know, explained in the project's own words."""

    id: RecordId = _field("术语 id。", "chief-quality-officer")
    term: Text = _field("术语本身，按页面上出现的写法；en 是全站统一的英文译名。",
                                {"zh": "首席质量官", "en": "chief quality officer"})
    aliases: list[NonEmpty] = _field("页面上的其他写法（可选），也会显示释义。", ["首席质量官制度"], default_factory=list)
    definition: Text = _field(
        "本站释义：用自己的话写的解释，一两句。它是本站的说明，不是来源的说法，页面上标为“本站释义”。",
        {"zh": "企业里统筹质量管理工作的高层管理岗位。", "en": "A senior management post that coordinates an enterprise's quality management."})
    source: Citation = _field("术语在来源中出现的位置（释义由本站撰写，不出自这里）。",
                              {"id": "cqn-2021-11-29", "section": "xiezouqu"})
    reviewed: Reviewed = _reviewed_field()


# Which model each data file holds (a list of records).  Paths are relative to data/.
FILE_MODELS: dict[str, type[Record]] = {
    "sources.yml": Source,
    "themes.yml": Theme,
    "organisations.yml": Organisation,
    "people.yml": Person,
    "places.yml": Place,
    "documents.yml": Document,
    "programmes.yml": Programme,
    "events.yml": Event,
    "quotations.yml": Quotation,
    "charts.yml": Chart,
    "glossary.yml": GlossaryTerm,
    "targets.yml": Target,
    "context.yml": Context,
    "facts/*.yml": Fact,
}

# The record kind name each model registers its ids under (used by REFERENCES).
KIND_OF_MODEL: dict[type[Record], str] = {
    Source: "source", Theme: "theme", Organisation: "organisation", Person: "person",
    Place: "place", Document: "document", Programme: "programme", Event: "event",
    Quotation: "quotation", Fact: "fact", Chart: "chart", GlossaryTerm: "term",
    Target: "target", Context: "context",
}
