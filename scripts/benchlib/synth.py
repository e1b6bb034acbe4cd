"""A synthetic report of N themed pages, written in the project's real data format.

``write_ours`` writes a project that the real schema, loader and macros must
accept: one theme per page (4 topics), 20 facts a page (5 with a figure, one of
them a key figure), one quotation a page, shared entities and one source, and
thin ``docs/<page>.md`` pages that call ``facts()``, ``key_figures()`` and
``data_note()`` exactly like the real pages.  The project's own ``index.md`` and
``sources.md`` are used as they are (they call the report-wide macros), so the
overview and sources pages grow with the report just as the real ones would.

``write_baseline`` writes the same pages as plain Markdown -- the same prose,
each fact written out as a paragraph (statement with its figure, time, subjects,
source line) -- with default Material settings, for the "ours / baseline" ratios.

Everything is generated from a fixed seed: the same N gives the same report.
"""

from __future__ import annotations

import json
import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from . import project

SEED = 20211129
FACTS_PER_PAGE = 20
TOPICS_PER_PAGE = 4
FIGURES_PER_PAGE = 5          # facts with value/unit/label; the first is `key: true`
HAN_PER_PAGE = 1500           # Chinese characters a page: prose + statements + quotation
PAGES_PER_CHAPTER = 10        # nav: part > chapter > page
CHAPTERS_PER_PART = 10
SOURCE_ID = "bench-report-2021"
REVIEWED = "2026-11-23"

HAN = re.compile(r"[\u4e00-\u9fff]")

# --- vocabulary ---------------------------------------------------------------------------
# Domain words that also serve as search queries (bench.QUERIES).  No spam words,
# no full-width digits, nothing the data rules reject.

CITIES = ["合肥", "芜湖", "蚌埠", "淮南", "马鞍山", "淮北", "铜陵", "安庆", "黄山", "滁州",
          "阜阳", "宿州", "六安", "亳州", "池州", "宣城"]
COUNTIES = ["繁昌", "桐城", "宁国", "天长", "明光", "潜山", "界首", "无为", "广德", "巢湖"]
ORG_SUFFIXES = [("市场监督管理局", "agency"), ("质量协会", "association"), ("标准化研究院", "institute"),
                ("产品质量监督检验中心", "institute"), ("计量测试研究所", "institute"),
                ("人民政府", "government"), ("工业和信息化局", "agency"), ("知识产权保护中心", "office")]
COMPANIES = ["江淮汽车", "海螺水泥", "奇瑞汽车", "科大讯飞", "铜陵有色", "马钢集团", "全柴动力", "凯盛科技",
             "古井贡酒", "口子窖", "安徽叉车", "阳光电源", "京东方", "合力股份", "中鼎股份", "荣事达"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建国", "明远", "海燕", "志强", "丽华", "晓东", "文博", "佳怡", "国庆", "永康", "思源", "立新"]
ROLES = ["首席质量官", "标准总监", "质量部部长", "总工程师", "董事长", "局长", "研究员", "会长"]
PROGRAMMES = [("首席质量官制度", "system"), ("标准总监制度", "system"), ("质量提升行动", "action"),
              ("品牌培育计划", "action"), ("地理标志产品保护工程", "action"), ("驰名商标培育计划", "action"),
              ("六西格玛管理推广活动", "campaign"), ("卓越绩效模式推广", "campaign"),
              ("质量基础设施一站式服务平台", "platform"), ("计量能力提升工程", "action"),
              ("检验检测公共服务平台", "platform"), ("长三角质量合作机制", "mechanism"),
              ("告知承诺制改革", "mechanism"), ("质量技术帮扶活动", "campaign"), ("政府质量奖", "award"),
              ("标准创新贡献奖", "award"), ("安徽精品品牌", "brand"), ("质量发展专项资金", "fund"),
              ("质量管理小组活动", "campaign"), ("质量文化进高校活动", "campaign")]
DOCUMENTS = [("质量强省建设纲要", "plan"), ("标准化发展规划", "plan"), ("产品质量监督抽查办法", "regulation"),
             ("质量提升行动实施方案", "policy"), ("地方标准管理办法", "regulation"),
             ("品牌建设三年行动计划", "plan"), ("计量发展规划", "plan"), ("质量奖管理办法", "policy"),
             ("检验检测机构监督管理办法", "regulation"), ("团体标准培优计划", "policy")]
EVENTS = ["长三角质量提升示范试点推进会", "全省质量大会", "质量月活动启动仪式", "标准化工作会议",
          "品牌价值发布会", "质量管理小组成果发表赛", "首席质量官培训班", "质量技术帮扶现场会"]

TOPIC_HEADINGS = ["制度建设", "标准引领", "品牌培育", "质量基础设施", "企业主体责任", "监督抽查",
                  "人才队伍", "区域协作", "检验检测", "计量能力", "知识产权", "质量文化",
                  "服务质量", "工程质量", "产业集群", "数字化转型", "绿色发展", "示范创建",
                  "政策激励", "社会共治"]
PART_NAMES = ["制度篇", "产业篇", "区域篇", "企业篇", "基础篇", "品牌篇", "民生篇", "开放篇", "创新篇", "治理篇"]
THEME_WORDS = ["质量强省", "标准化", "品牌建设", "质量基础", "质量共治", "质量提升", "计量检测",
               "认证认可", "质量文化", "质量人才", "产品质量", "服务质量", "工程质量", "质量监管"]
MOTTOS = ["风向标", "协奏曲", "同心圆", "引领者", "朋友圈", "压舱石", "助推器", "新引擎", "试验田", "主阵地"]

SUBJECT_WORDS = ["全省", "各市", "县区", "重点企业", "行业协会", "检验检测机构", "市场监管部门",
                 "高等院校", "产业园区", "中小企业", "龙头企业", "标准化技术委员会"]
VERBS = ["推行", "开展", "建立", "完善", "推广", "实施", "制定", "修订", "培育", "组织", "深化", "落实"]
OBJECTS = ["首席质量官制度", "标准总监制度", "质量提升行动", "品牌培育计划", "地理标志产品保护",
           "驰名商标培育", "六西格玛管理", "卓越绩效模式", "质量基础设施一站式服务",
           "计量能力提升工程", "检验检测公共服务平台", "长三角质量合作机制", "产品质量监督抽查",
           "告知承诺制", "质量技术帮扶", "团体标准", "质量追溯体系", "质量管理小组活动"]
CONNECTORS = ["与此同时", "在此基础上", "从实践看", "更重要的是", "总体来看", "具体而言", "另一方面", "近年来"]
# Prose is drawn word by word from this list, so that (as in real writing) long runs of
# Chinese rarely repeat: a repetitive text would flatter any cache of segmentation results.
WORDS = """
质量 标准 品牌 企业 产业 园区 市场 监管 检验 检测 计量 认证 认可 技术 创新 人才 培训 服务 产品 工程
制造 装备 汽车 家电 电子 材料 化工 建材 纺织 食品 农产品 医药 能源 环保 物流 旅游 文化 教育 金融 数据
平台 体系 机制 制度 政策 规划 方案 目标 任务 措施 项目 工作 活动 行动 试点 示范 基地 中心 协会 联盟
政府 部门 机构 单位 高校 院所 社会 公众 消费者 用户 员工 专家 团队 基层 一线 城市 县域 乡村 区域 全省
推进 推动 实施 落实 开展 组织 建立 健全 完善 提升 提高 加强 强化 深化 优化 扩大 培育 打造 建设 发展
引导 支持 鼓励 带动 促进 服务 保障 监督 检查 评价 考核 激励 表彰 宣传 普及 交流 合作 对接 共享 融合
稳步 持续 全面 系统 重点 精准 有序 有效 积极 主动 加快 不断 逐步 显著 明显 广泛 深入 扎实 务实 切实
高质量 现代化 数字化 智能化 绿色 低碳 安全 可靠 优质 先进 领先 一流 特色 核心 关键 基础 长效 综合
水平 能力 效率 效益 成效 经验 做法 模式 路径 环节 链条 全过程 全生命周期 竞争力 影响力 满意度 合格率
生产 经营 管理 研发 设计 销售 采购 运维 改造 升级 转型 攻关 突破 应用 推广 复制 覆盖 延伸 辐射 集聚
标准化 品质 口碑 信誉 诚信 责任 意识 理念 文化 氛围 环境 秩序 规范 规则 流程 台账 档案 清单 目录
省级 市级 县级 国家级 行业 领域 板块 集群 龙头 骨干 中小 新兴 传统 优势 战略性 未来 长期 年度 季度
""".split()
FIGURE_TEMPLATES = [  # (statement with {value}, unit, label)
    ("{c}市累计培育{{value}}质量标杆企业。", "家", "质量标杆企业"),
    ("{s}共发布实施{{value}}地方标准。", "项", "地方标准"),
    ("{c}市已有{{value}}企业设立首席质量官。", "家", "设首席质量官企业"),
    ("{s}开展质量技术帮扶{{value}}。", "次", "质量技术帮扶"),
    ("{c}市培养质量专业人才{{value}}。", "名", "质量专业人才"),
    ("{s}建成检验检测公共服务平台{{value}}。", "个", "公共服务平台"),
    ("{c}市新增驰名商标和地理标志产品{{value}}。", "项", "驰名商标与地理标志"),
    ("{s}组织质量管理小组活动{{value}}。", "次", "质量管理小组活动"),
]
QUOTES = ["质量是企业的生命，我们把每一道工序都当作最后一道工序来做。",
          "标准走在前面，企业才能在市场上说得上话。",
          "我们宁可慢一点，也要把产品做到让用户放心。",
          "首席质量官不是一个头衔，而是一份沉甸甸的责任。"]


def _han(text: str) -> int:
    return len(HAN.findall(text))


# --- the model of the synthetic report -------------------------------------------------------


@dataclass
class Fact:
    id: str
    theme: str
    topic: str
    subject: str
    mentions: list[str]
    statement: str
    time: str
    time_basis: str
    section: str
    value: int | None = None
    unit: str | None = None
    qualifier: str = "exact"
    label: str | None = None
    key: bool = False


@dataclass
class Page:
    number: int
    theme: str
    file: str            # docs/<file>
    title: str
    motto: str
    summary: str
    section: str
    intro: str
    topics: list[tuple[str, str, str]]       # (topic id, heading, prose)
    facts: list[Fact] = field(default_factory=list)
    quote: dict | None = None


@dataclass
class Report:
    size: int
    entities: dict[str, list[dict]]          # file stem -> records
    names: dict[str, str]                    # entity id -> display name
    sections: list[tuple[str, str]]
    pages: list[Page]
    overview: Page
    people: list[str]

    @property
    def facts(self) -> list[Fact]:
        return [f for p in [self.overview, *self.pages] for f in p.facts]


def build(size: int) -> Report:
    rng = random.Random(f"{SEED}-{size}")
    sections = [("masthead", "报头与署名"), ("lede", "导语")] + [
        (f"part-{i + 1}", f"第{i + 1}部分：{THEME_WORDS[i % len(THEME_WORDS)]}") for i in range(10)]
    body_sections = [s for s, _ in sections[1:]]
    src = {"id": SOURCE_ID, "section": "masthead"}

    places = [{"id": "china", "name": {"zh": "中国"}, "kind": "country", "source": src},
              {"id": "anhui", "name": {"zh": "安徽省"}, "kind": "province", "part_of": "china", "source": src},
              {"id": "yrd", "name": {"zh": "长三角"}, "kind": "region", "part_of": "china", "source": src}]
    for i, city in enumerate(CITIES):
        places.append({"id": f"city-{i + 1}", "name": {"zh": f"{city}市"}, "kind": "city",
                       "part_of": "anhui", "source": src})
    for i, county in enumerate(COUNTIES):
        places.append({"id": f"county-{i + 1}", "name": {"zh": f"{county}"}, "kind": "county",
                       "part_of": f"city-{i % len(CITIES) + 1}", "source": src})
    organisations = [
        {"id": "bench-publisher", "name": {"zh": "中国质量报"}, "kind": "media", "source": src},
        {"id": "bench-republisher", "name": {"zh": "中国经济网"}, "kind": "media", "source": src},
        {"id": "anhui-samr", "name": {"zh": "安徽省市场监督管理局"}, "short_name": {"zh": "省市场监管局"},
         "kind": "agency", "place": "anhui", "source": src}]
    for i, city in enumerate(CITIES):
        for j, (suffix, kind) in enumerate(ORG_SUFFIXES):
            organisations.append({"id": f"org-{i + 1}-{j + 1}", "name": {"zh": f"{city}市{suffix}"},
                                  "kind": kind, "place": f"city-{i + 1}", "source": src})
    for i, company in enumerate(COMPANIES):
        organisations.append({"id": f"company-{i + 1}", "name": {"zh": company}, "kind": "enterprise",
                              "place": f"city-{i % len(CITIES) + 1}", "source": src})
    people = [{"id": "bench-reporter", "name": {"zh": "李辉"},
               "roles": [{"title": {"zh": "记者"}, "organisation": "bench-publisher"}], "source": src},
              {"id": "bench-editor", "name": {"zh": "佟明彪"},
               "roles": [{"title": {"zh": "责任编辑"}, "organisation": "bench-republisher"}], "source": src}]
    for i in range(40):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i * 7) % len(GIVEN)]
        people.append({"id": f"person-{i + 1}", "name": {"zh": name},
                       "roles": [{"title": {"zh": ROLES[i % len(ROLES)]},
                                  "organisation": f"company-{i % len(COMPANIES) + 1}"}], "source": src})
    programmes = [{"id": f"programme-{i + 1}", "name": {"zh": name}, "kind": kind,
                   "run_by": ["anhui-samr"], "source": src} for i, (name, kind) in enumerate(PROGRAMMES)]
    documents = [{"id": f"document-{i + 1}", "title": {"zh": name}, "kind": kind,
                  "issued_by": ["anhui-samr"], "source": src} for i, (name, kind) in enumerate(DOCUMENTS)]
    events = [{"id": f"event-{i + 1}", "name": {"zh": name}, "date": f"{2016 + i % 6}-{i % 12 + 1:02d}",
               "place": f"city-{i % len(CITIES) + 1}", "organisers": ["anhui-samr"], "source": src}
              for i, name in enumerate(EVENTS)]
    entities = {"places": places, "organisations": organisations, "people": people,
                "programmes": programmes, "documents": documents, "events": events}
    names = {}
    for records in entities.values():
        for r in records:
            names[r["id"]] = (r.get("name") or r["title"])["zh"]
    subjects = [r["id"] for k in ("organisations", "programmes", "places", "documents", "events")
                for r in entities[k] if r["id"] not in ("bench-publisher", "bench-republisher", "china")]
    speakers = [p["id"] for p in people[2:]]

    def run(low: int, high: int) -> str:
        return "".join(rng.choice(WORDS) for _ in range(rng.randint(low, high)))

    def sentence() -> str:
        """A sentence of 2-3 clauses of random words; now and then a domain term or place."""
        clauses = [run(3, 7) for _ in range(rng.randint(2, 3))]
        if rng.random() < 0.5:
            clauses[0] = rng.choice(CITIES) + "市" + clauses[0]
        if rng.random() < 0.6:
            clauses[-1] += rng.choice(OBJECTS)
        if rng.random() < 0.3:
            clauses.insert(0, rng.choice(CONNECTORS))
        return "，".join(clauses) + "。"

    def prose(han: int) -> str:
        out = ""
        while _han(out) < han:
            out += sentence()
        return out

    def fact(page_theme: str, topic: str, section: str, fact_id: str, figure: bool, key: bool) -> Fact:
        year = rng.randint(2016, 2021)
        time = rng.choice([f"{year}", f"{year}-{rng.randint(1, 12):02d}"])
        basis = rng.choice(["on", "during", "as_of", "since"])
        subject = rng.choice(subjects)
        mentions = rng.sample([s for s in subjects if s != subject], rng.randint(0, 2))
        if figure:
            template, unit, label = rng.choice(FIGURE_TEMPLATES)
            value = rng.choice([rng.randint(3, 999), rng.randint(1, 9) * 10000, round(rng.uniform(1, 99), 1)])
            qualifier = rng.choice(["exact", "more_than", "approximately"])
            statement = template.format(s=rng.choice(SUBJECT_WORDS), c=rng.choice(CITIES)) + f"{run(2, 4)}。"
            return Fact(fact_id, page_theme, topic, subject, mentions, statement, time, basis, section,
                        value=value, unit=unit, qualifier=qualifier, label=label, key=key)
        statement = (f"{rng.choice(SUBJECT_WORDS)}{rng.choice(VERBS)}{rng.choice(OBJECTS)}，"
                     f"{run(3, 6)}。")
        return Fact(fact_id, page_theme, topic, subject, mentions, statement, time, basis, section)

    def page(number: int, theme: str, file: str, title: str, topics_n: int, facts_n: int,
             figures_n: int, with_quote: bool, topic_ids: list[str] | None = None) -> Page:
        section = body_sections[(number - 1) % len(body_sections)]
        headings = rng.sample(TOPIC_HEADINGS, topics_n)
        p = Page(number, theme, file, title, rng.choice(MOTTOS),
                 f"{rng.choice(THEME_WORDS)}方面的做法、数字与出处。", section, "", [])
        topic_ids = topic_ids or [f"t{i + 1}" for i in range(topics_n)]
        for i in range(facts_n):
            topic = topic_ids[i * topics_n // facts_n]
            p.facts.append(fact(theme, topic, section, f"{theme}-f{i + 1:02d}",
                                figure=i % (facts_n // figures_n) == 0 if figures_n else False,
                                key=(i == 0 and figures_n > 0)))
        if with_quote:
            p.quote = {"id": f"{theme}-q1", "speaker": rng.choice(speakers), "text": {"zh": rng.choice(QUOTES)},
                       "theme": theme, "topic": topic_ids[0], "source": {"id": SOURCE_ID, "section": section}}
        fixed = _han(title) + sum(_han(h) for h in headings) + sum(_han(f.statement) for f in p.facts) \
            + (_han(p.quote["text"]["zh"]) if p.quote else 0)
        budget = max(0, HAN_PER_PAGE - fixed)
        p.intro = prose(budget // (topics_n + 1))
        p.topics = [(tid, h, prose(budget // (topics_n + 1))) for tid, h in zip(topic_ids, headings)]
        return p

    pages = []
    for n in range(1, size + 1):
        title = f"{THEME_WORDS[(n - 1) % len(THEME_WORDS)]}专题{n}"
        pages.append(page(n, f"p{n:04d}", f"p{n:04d}.md", title, TOPICS_PER_PAGE, FACTS_PER_PAGE,
                          FIGURES_PER_PAGE, True))
    # The real index.md shows facts("overview", ...) for these four topics.
    overview = page(0, "overview", "index.md", "总览", 4, 4, 1, False,
                    ["headline", "assessment", "later-reports", "congress-2021"])
    return Report(size, entities, names, sections, pages, overview, speakers)


# --- YAML writing (the same shape contributors write) -------------------------------------------


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _yaml(value, indent: int = 0) -> list[str]:
    pad = " " * indent
    lines: list[str] = []
    if isinstance(value, dict):
        for k, v in value.items():
            if isinstance(v, dict) and set(v) <= {"id", "section"} and "section" in v:
                lines.append(f"{pad}{k}: {{id: {v['id']}, section: {v['section']}}}")
            elif isinstance(v, (dict, list)) and v:
                if isinstance(v, list) and all(not isinstance(x, (dict, list)) for x in v):
                    lines.append(f"{pad}{k}: [{', '.join(str(x) for x in v)}]")
                else:
                    lines.append(f"{pad}{k}:")
                    lines.extend(_yaml(v, indent + 2))
            elif isinstance(v, list):
                continue
            else:
                lines.append(f"{pad}{k}: {_scalar(v)}")
    else:
        for item in value:
            sub = _yaml(item, indent + 2)
            sub[0] = f"{pad}- " + sub[0].lstrip()
            lines.extend(sub)
    return lines


def _data_file(path: Path, pattern: str, comment: str, records: list[dict]) -> None:
    from macros import schema_export  # the project's own (snapshot's) schema line

    path.parent.mkdir(parents=True, exist_ok=True)
    # every record says when it was last checked (issue 11)
    records = [r if "reviewed" in r else {**r, "reviewed": {"date": REVIEWED, "by": "基准测试"}} for r in records]
    body = _yaml(records) if records else []
    path.write_text("\n".join([schema_export.schema_line(pattern), f"# {comment}", *body]) + "\n",
                    encoding="utf-8")


def _fact_record(f: Fact) -> dict:
    record: dict = {"id": f.id, "theme": f.theme, "topic": f.topic, "subject": f.subject}
    if f.mentions:
        record["mentions"] = f.mentions
    record["statement"] = {"zh": f.statement}
    if f.value is not None:
        record.update(value=f.value, unit=f.unit, qualifier=f.qualifier, label={"zh": f.label})
    record.update(time=f.time, time_basis=f.time_basis)
    if f.key:
        record["key"] = True
    record["source"] = {"id": SOURCE_ID, "section": f.section}
    return record


def nav(report: Report, extra_first: list, extra_last: list) -> list:
    """Parts of CHAPTERS_PER_PART chapters of PAGES_PER_CHAPTER pages."""
    parts = []
    per_part = PAGES_PER_CHAPTER * CHAPTERS_PER_PART
    for p_index in range(0, len(report.pages), per_part):
        chapters = []
        chunk = report.pages[p_index:p_index + per_part]
        for c_index in range(0, len(chunk), PAGES_PER_CHAPTER):
            members = chunk[c_index:c_index + PAGES_PER_CHAPTER]
            chapters.append((f"第{p_index // PAGES_PER_CHAPTER + c_index // PAGES_PER_CHAPTER + 1}章",
                             [(pg.title, pg.file) for pg in members]))
        parts.append((f"{PART_NAMES[(p_index // per_part) % len(PART_NAMES)]}（{p_index // per_part + 1}）",
                      chapters))
    return extra_first + parts + extra_last


def _unlink_missing(markdown: str, existing: set[str]) -> str:
    """Markdown links to pages the synthetic site does not have become plain text."""
    def replace(match: re.Match) -> str:
        target = match.group(2)
        return match.group(0) if target in existing else match.group(1)
    return re.sub(r"\[([^\]]+)\]\(([^)#\s]+\.md)(#[^)\s]*)?\)", replace, markdown)


def write_ours(report: Report, snapshot: Path, target: Path, hooks: tuple[str, ...] = project.OUR_HOOKS) -> dict:
    """The synthetic project using the real config, macros, theme overrides and hooks."""
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for name in ("macros", "overrides", "hooks"):
        if (snapshot / name).is_dir():
            shutil.copytree(snapshot / name, target / name, ignore=project.IGNORE)
    docs = target / "docs"
    docs.mkdir()
    for item in (snapshot / "docs").iterdir():  # assets and other non-page files (schema/ ...)
        # (not docs/en/: the English edition's pages are the real report's; the bench builds
        # the Chinese edition alone, QA_EDITIONS=zh)
        if item.is_dir() and item.name != "en":
            shutil.copytree(item, docs / item.name, ignore=project.IGNORE)
    data = target / "data"
    data.mkdir()

    source = {"id": SOURCE_ID, "title": {"zh": "安徽省大力实施质量提升行动强力推进质量强省建设（基准测试合成版）"},
              "publisher": "bench-publisher", "reporter": "bench-reporter", "editor": "bench-editor",
              # the source model since issue 19: a dated record, a grade and the copy's extent
              "published": {"date": "2021-11-29T10:13+08:00", "certainty": "stated"},
              "url": "http://example.com/bench/report.shtml", "url_verified": False,
              "grade": {"level": "B", "reason": {"zh": "基准测试合成数据。"}}, "extent": "complete",
              "sections": [{"id": s, "heading": {"zh": h}} for s, h in report.sections]}
    _data_file(data / "sources.yml", "sources.yml", "基准测试合成数据：来源", [source])
    themes = []
    for p in [report.overview, *report.pages]:
        themes.append({"id": p.theme, "title": {"zh": p.title}, "motto": {"zh": p.motto},
                       "page": p.file, "summary": {"zh": p.summary},
                       "topics": [t for t, _, _ in p.topics]})
    _data_file(data / "themes.yml", "themes.yml", "基准测试合成数据：主题", themes)
    for stem, records in report.entities.items():
        _data_file(data / f"{stem}.yml", f"{stem}.yml", f"基准测试合成数据：{stem}", records)
    # The real index.md shows context("drive").
    _data_file(data / "context.yml", "context.yml", "基准测试合成数据：背景说明",
               [{"id": "drive", "title": {"zh": "什么是质量强省建设"}, "text": {"zh": report.overview.intro},
                 "source": [{"id": SOURCE_ID, "section": "lede"}],
                 "reviewed": {"date": "2026-11-23", "by": "基准测试"}}])
    _data_file(data / "quotations.yml", "quotations.yml", "基准测试合成数据：引语",
               [p.quote for p in report.pages if p.quote])
    for p in [report.overview, *report.pages]:
        _data_file(data / "facts" / f"{p.theme}.yml", "facts/*.yml", f"基准测试合成数据：{p.title}",
                   [_fact_record(f) for f in p.facts])

    # Pages: the project's own overview and sources pages, and one thin page per theme.
    for name in ("index.md", "sources.md"):
        text = (snapshot / "docs" / name).read_text(encoding="utf-8")
        (docs / name).write_text(_unlink_missing(text, {"index.md", "sources.md"}), encoding="utf-8")
    for p in report.pages:
        lines = ["---", "render_macros: true", f"description: {p.summary}", "---", "", f"# {p.title}", "",
                 p.intro, "", f'{{{{ key_figures("{p.theme}") }}}}', ""]
        for topic, heading, text in p.topics:
            lines += [f"## {heading}", "", text, "", f'{{{{ facts("{p.theme}", "{topic}") }}}}', ""]
        # The same closing calls as the real themed pages (docs/governance.md).
        lines += [f'{{{{ notes("{p.theme}") }}}}', "", "---", "", f'{{{{ data_note("{p.theme}") }}}}', "",
                  "{{ glossary_data() }}", ""]
        (docs / p.file).write_text("\n".join(lines), encoding="utf-8")

    config = (snapshot / "mkdocs.yml").read_text(encoding="utf-8")
    config = project.replace_block(config, "nav", project.nav_block(
        nav(report, [("总览", "index.md")], [("来源与方法", "sources.md")])))
    if hooks:
        config = project.with_hooks(config, hooks)
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return {"han_chars_per_page": _han_per_page(report), "facts": len(report.facts),
            "themed_pages": len(report.pages), "frame_pages": ["index.md", "sources.md"]}


def _han_per_page(report: Report) -> float:
    total = 0
    for p in report.pages:
        total += _han(p.title + p.intro) + sum(_han(h + t) for _, h, t in p.topics)
        total += sum(_han(f.statement) for f in p.facts) + (_han(p.quote["text"]["zh"]) if p.quote else 0)
    return round(total / max(1, len(report.pages)), 1)


# --- the plain-Markdown baseline ------------------------------------------------------------------

QUALIFIER = {"exact": ("", ""), "more_than": ("", "余"), "approximately": ("约", "")}
BASIS = {"on": "{}", "during": "{}期间", "as_of": "截至{}", "since": "自{}起"}


def _number(value) -> str:
    if isinstance(value, int) and value >= 10000 and value % 10000 == 0:
        return f"{value // 10000}万"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _date(partial: str) -> str:
    parts = partial.split("-")
    return f"{parts[0]}年" + (f"{int(parts[1])}月" if len(parts) > 1 else "")


def _figure(f: Fact) -> str:
    before, after = QUALIFIER[f.qualifier]
    return f"{before}{_number(f.value)}{after}{f.unit}"


def _time(f: Fact) -> str:
    if f.time_basis == "during" and len(f.time) == 4:
        return f"{f.time}年度"
    return BASIS[f.time_basis].format(_date(f.time))


def _plain_fact(report: Report, f: Fact, source_title: str, headings: dict[str, str]) -> str:
    statement = f.statement.replace("{value}", f"**{_figure(f)}**") if f.value is not None else f.statement
    involved = "、".join(report.names[i] for i in [f.subject, *f.mentions])
    return (f"{statement}\n\n{_time(f)} 涉及：{involved} "
            f"来源：中国质量报《{source_title}》，2021年11月29日，“{headings[f.section]}”一节 数据 #\n")


def write_baseline(report: Report, snapshot: Path, target: Path) -> dict:
    """The same pages as plain Markdown with default Material settings."""
    if target.exists():
        shutil.rmtree(target)
    docs = target / "docs"
    docs.mkdir(parents=True)
    title = "安徽省大力实施质量提升行动强力推进质量强省建设（基准测试合成版）"
    headings = dict(report.sections)
    pages_by_theme = {p.theme: p for p in [report.overview, *report.pages]}

    def facts_md(theme: str, topic: str | None = None) -> str:
        p = pages_by_theme[theme]
        out = [_plain_fact(report, f, title, headings) for f in p.facts if topic in (None, f.topic)]
        if p.quote and topic in (None, p.quote["topic"]):
            out.append(f"> “{p.quote['text']['zh']}”\n>\n> —— {report.names[p.quote['speaker']]} "
                       f"来源：中国质量报《{title}》，2021年11月29日，“{headings[p.section]}”一节\n")
        return "\n".join(out)

    def link(p: Page) -> str:
        return p.file

    def key_md(theme: str | None) -> str:
        chosen = [f for f in report.facts if f.key and theme in (None, f.theme)]
        return "\n".join(f"- [{_figure(f)} {f.label} {_time(f)} · 中国质量报]"
                         f"({link(pages_by_theme[f.theme])}#fact-{f.id})" for f in chosen) + "\n"

    def note_md(theme: str) -> str:
        return (f"本页数据最后核对：2026年11月23日。数据文件：data/facts/{theme}.yml（查看 · 修改）。"
                "发现错误请按来源与方法中的说明纠正。\n")

    def themes_md() -> str:
        return "\n".join(f"- [{p.motto} {p.title} {p.summary} {len(p.facts)} 条事实]({link(p)})"
                         for p in report.pages) + "\n"

    def sources_md() -> str:
        lines = [f"李辉：《{title}》，中国质量报，2021年11月29日 10:13。中国经济网转载（产业市场 › 质量监督 › 质量信息）。"
                 "责任编辑：佟明彪。", "", "原文地址：http://example.com/bench/report.shtml（地址按转载页路径推断，尚未核实）",
                 "", "本报告按章节引用这一来源（点击编号跳到对应事实）：", ""]
        for section, heading in report.sections:
            citing = [f for f in report.facts if f.section == section]
            quotes = [p.quote for p in report.pages if p.quote and p.section == section]
            count = len(citing) + len(quotes)
            ids = " ".join(f.id for f in citing)
            lines.append(f"- **{heading}**：" + (f"{count} 条事实或引语 {ids}" if count else "用于机构、人物等基础记录"))
        return "\n".join(lines) + "\n"

    macros = {
        r'facts\("([^"]+)",\s*"([^"]+)"\)': lambda m: facts_md(m.group(1), m.group(2)),
        r'key_figures\(\)': lambda m: key_md(None),
        r'key_figures\("([^"]+)"\)': lambda m: key_md(m.group(1)),
        r'theme_cards\(\)': lambda m: themes_md(),
        r'data_note\("([^"]+)"\)': lambda m: note_md(m.group(1)),
        r'source_list\(\)': lambda m: sources_md(),
        r'fact_count\(\)': lambda m: str(len(report.facts)),
    }

    def plain(markdown: str) -> str:
        markdown = re.sub(r"\A---\n.*?\n---\n", "", markdown, flags=re.S)

        def call(match: re.Match) -> str:
            inner = match.group(1).strip()
            for pattern, fn in macros.items():
                found = re.fullmatch(pattern, inner)
                if found:
                    return fn(found)
            return ""  # e.g. glossary_data(): a script, no text
        return re.sub(r"\{\{\s*(.*?)\s*\}\}", call, markdown)

    for name in ("index.md", "sources.md"):
        text = (snapshot / "docs" / name).read_text(encoding="utf-8")
        (docs / name).write_text(plain(_unlink_missing(text, {"index.md", "sources.md"})), encoding="utf-8")
    for p in report.pages:
        lines = [f"# {p.title}", "", p.intro, "", key_md(p.theme), ""]
        for topic, heading, text in p.topics:
            lines += [f"## {heading}", "", text, "", facts_md(p.theme, topic), ""]
        lines += ["---", "", note_md(p.theme)]
        (docs / p.file).write_text("\n".join(lines), encoding="utf-8")

    site_name = re.search(r"^site_name:\s*(.+)$", (snapshot / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    config = (f"site_name: {site_name.group(1).strip() if site_name else '质量安徽'}\n"
              "theme:\n  name: material\n  language: zh\n"
              "plugins:\n  - search\n")
    config += project.nav_block(nav(report, [("总览", "index.md")], [("来源与方法", "sources.md")]))
    (target / "mkdocs.yml").write_text(config, encoding="utf-8")
    return {"pages": len(report.pages) + 2}
