"""Hand-written search queries a reader would type, with the page expected in the top 3.

Written from the report's content (which themed page discusses the law, committee,
award, company, person, place or programme), not from the engine's output.  Used by
tests/test_search.py (the engine in Node) and tests/test_browser.py (typed into the
real search box in Chromium).  bench/README.md records the old engine's results.
"""

REALISTIC = {
    # laws, documents, plans
    "产品质量法": "governance.html",
    "中华人民共和国产品质量法": "governance.html",
    "实施意见": "governance.html",
    "十四五规划": "governance.html",
    # mechanisms, committees, awards, funds
    "调度会商": "governance.html",
    "考核激励": "governance.html",
    "标准创新贡献奖": "governance.html",
    "政府质量奖": "governance.html",
    "省政府质量奖": "governance.html",
    "质量发展委员会": "governance.html",
    "质量发展专项资金": "governance.html",
    # people and roles inside organisations
    "联络员": "co-governance.html",
    "首席质量官": "co-governance.html",
    "标准总监": "co-governance.html",
    "质量文化进高校": "co-governance.html",
    "大学生质量文化": "co-governance.html",
    "旅游服务质量标杆": "co-governance.html",
    "质量故事大赛": "co-governance.html",
    # programmes and methods
    "防疫物资": "quality-improvement.html",
    "口罩": "quality-improvement.html",
    "桐城": "quality-improvement.html",
    "食安安徽": "quality-improvement.html",
    "驰名商标": "quality-improvement.html",
    "地理标志": "quality-improvement.html",
    "地理标志产品": "quality-improvement.html",
    "六西格玛": "quality-improvement.html",
    "卓越绩效": "quality-improvement.html",
    # companies, institutes, people
    "科大讯飞": "enterprise-leaders.html",
    "刘庆峰": "enterprise-leaders.html",
    "江淮汽车": "enterprise-leaders.html",
    "全柴": "enterprise-leaders.html",
    "彭寿": "enterprise-leaders.html",
    "玻璃工业设计研究院": "enterprise-leaders.html",
    "8.5代": "enterprise-leaders.html",
    "告知承诺制": "enterprise-leaders.html",
    "一站式服务": "enterprise-leaders.html",
    # regions, platforms, alliances, foreign bodies
    "长三角": "regional-cooperation.html",
    "计量云平台": "regional-cooperation.html",
    "激光标线仪": "regional-cooperation.html",
    "繁昌": "regional-cooperation.html",
    "示范试点": "regional-cooperation.html",
    "国际标准联盟": "regional-cooperation.html",
    "单轨": "regional-cooperation.html",
    "德国莱茵": "regional-cooperation.html",
    "BV集团": "regional-cooperation.html",
    "一带一路": "regional-cooperation.html",
    "韩永生": "regional-cooperation.html",
    "世界制造业大会": "regional-cooperation.html",
    # the headline result
    "质量工作考核": "index.html",
    # two words (AND)
    "检验检测 集聚区": "enterprise-leaders.html",
    "小微企业 认证": "enterprise-leaders.html",
    "长三角 标准": "regional-cooperation.html",
    "安徽 A级": "index.html",
}

# The English edition (site/en/), written the same way from the English pages: names of
# organisations, programmes, awards, people and places, two- and three-word queries, and
# forms other than the page's own (officer/officers, trademark/trademarks, alliance/alliances),
# which only a stemmed search finds.  Used by tests/test_search_english.py and, the first
# ones, typed into the English search box in Chromium by tests/test_browser.py.
REALISTIC_EN = {
    # governance: laws, plans, awards, committees, funds
    "Product Quality Law": "governance.html",
    "Standing Committee": "governance.html",
    "Five-Year Plan": "governance.html",
    "Standard Innovation Contribution Award": "governance.html",
    "county quality awards": "governance.html",
    "quality development committee": "governance.html",
    "special funds": "governance.html",
    "performance assessment": "governance.html",
    # co-governance: roles, campaigns, contests
    "chief quality officer": "co-governance.html",
    "standards directors": "co-governance.html",
    "liaison officer": "co-governance.html",
    "quality culture universities": "co-governance.html",
    "tourism story contest": "co-governance.html",
    "Jianghuai Tour": "co-governance.html",
    # quality improvement: methods, campaigns, brands
    "Six Sigma": "quality-improvement.html",
    "performance excellence": "quality-improvement.html",
    "masks": "quality-improvement.html",
    "Tongcheng": "quality-improvement.html",
    "Food Safety Anhui": "quality-improvement.html",
    "well-known trademark": "quality-improvement.html",
    "geographical indication": "quality-improvement.html",
    # quality leaders: companies, people, products, services
    "iFLYTEK": "enterprise-leaders.html",
    "Liu Qingfeng": "enterprise-leaders.html",
    "JAC Motors": "enterprise-leaders.html",
    "Quanchai": "enterprise-leaders.html",
    "foldable glass": "enterprise-leaders.html",
    "Generation 8.5": "enterprise-leaders.html",
    "notification commitment": "enterprise-leaders.html",
    "one-stop services": "enterprise-leaders.html",
    "micro enterprises certification": "enterprise-leaders.html",
    # regional and international cooperation
    "Yangtze River Delta": "regional-cooperation.html",
    "metrology cloud platform": "regional-cooperation.html",
    "laser line marker": "regional-cooperation.html",
    "Fanchang": "regional-cooperation.html",
    "Belt and Road": "regional-cooperation.html",
    "standards alliance": "regional-cooperation.html",
    "TÜV Rheinland": "regional-cooperation.html",
    "TUV Rheinland": "regional-cooperation.html",
    "Han Yongsheng": "regional-cooperation.html",
    "World Manufacturing Convention": "regional-cooperation.html",
    # the headline result
    "grade A assessment": "index.html",
    # a Chinese name given beside the English one
    "质量提升行动": "quality-improvement.html",
}

# Issue 22: what readers type that is not the page's own text -> (the page it must still
# rank in the top 3: the page of the same name or term in REALISTIC, how the engine must
# say it found it: None = as typed, after folding; "pinyin"; "near" = a slip, listed as a
# near match).  Typed into the real box in Chromium through an input method's composition
# (tests/test_search_browser.py) and run in Node (tests/test_search_forgive.py).
FORGIVING = {
    # traditional script (Hong Kong, Taiwan, overseas readers)
    "首席質量官": ("co-governance.html", None),
    "標準總監": ("co-governance.html", None),
    "產品質量法": ("governance.html", None),
    "質量發展委員會": ("governance.html", None),
    "長三角": ("regional-cooperation.html", None),
    "計量雲平台": ("regional-cooperation.html", None),
    "科大訊飛": ("enterprise-leaders.html", None),
    "劉慶峰": ("enterprise-leaders.html", None),
    "馳名商標": ("quality-improvement.html", None),
    "卓越績效": ("quality-improvement.html", None),
    "韓永生": ("regional-cooperation.html", None),
    # full-width and compatibility forms
    "ＢＶ集团": ("regional-cooperation.html", None),
    "８．５代": ("enterprise-leaders.html", None),
    "Ｂｖ集团": ("regional-cooperation.html", None),
    "ＢＶ集團": ("regional-cooperation.html", None),
    # invisible characters and emoji before (or inside) a correct word
    "\u200b首席质量官": ("co-governance.html", None),
    "\ufeff标准总监": ("co-governance.html", None),
    "😀科大讯飞": ("enterprise-leaders.html", None),
    "👍🏽长三角": ("regional-cooperation.html", None),
    "口\u200d罩": ("quality-improvement.html", None),
    "🇨🇳地理标志": ("quality-improvement.html", None),
    "桐城\u2060": ("quality-improvement.html", None),
    # pinyin, in full
    "shouxizhiliangguan": ("co-governance.html", "pinyin"),
    "biaozhunzongjian": ("co-governance.html", "pinyin"),
    "kedaxunfei": ("enterprise-leaders.html", "pinyin"),
    "liuqingfeng": ("enterprise-leaders.html", "pinyin"),
    "changsanjiao": ("regional-cooperation.html", "pinyin"),
    "zhuoyuejixiao": ("quality-improvement.html", "pinyin"),
    "pengshou": ("enterprise-leaders.html", "pinyin"),
    "fanchang": ("regional-cooperation.html", "pinyin"),
    "ShouXiZhiLiangGuan": ("co-governance.html", "pinyin"),
    # pinyin initials
    "sxzlg": ("co-governance.html", "pinyin"),
    "bzzj": ("co-governance.html", "pinyin"),
    "kdxf": ("enterprise-leaders.html", "pinyin"),
    "zyjx": ("quality-improvement.html", "pinyin"),
    "lxgm": ("quality-improvement.html", "pinyin"),
    # typing slips: one character wrong, missing or extra (or two swapped)
    "首席质量馆": ("co-governance.html", "near"),
    "首席量官": ("co-governance.html", "near"),
    "标准总临": ("co-governance.html", "near"),
    "科大迅飞": ("enterprise-leaders.html", "near"),
    "卓越积效": ("quality-improvement.html", "near"),
    "六西哥玛": ("quality-improvement.html", "near"),
    "驰名商商标": ("quality-improvement.html", "near"),
}

# The English edition: full-width letters, invisible characters and emoji, slips in names,
# and a Chinese name beside an English one typed in traditional script.
FORGIVING_EN = {
    "ｉＦＬＹＴＥＫ": ("enterprise-leaders.html", None),
    "Ｓｉｘ Ｓｉｇｍａ": ("quality-improvement.html", None),
    "\u200bchief quality officer": ("co-governance.html", None),
    "😀Quanchai": ("enterprise-leaders.html", None),
    "Rheinlnd": ("regional-cooperation.html", "near"),
    "Tongchen": ("quality-improvement.html", "near"),
    "Fanchnag": ("regional-cooperation.html", "near"),
    "Yangtse": ("regional-cooperation.html", "near"),
    "質量提升行動": ("quality-improvement.html", None),
}
