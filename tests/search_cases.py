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
