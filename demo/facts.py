"""The regions, units and programs named in the five seed articles, with their figures.

Codes are GB/T 2260 division codes. Figures the articles give are exact; where an article is
silent (batch 1's split in Zhejiang, dates of day-to-day events) the demo picks plausible
values and says so in README, "Demo data".
"""

# (code, name, level, parent code, mountain/island)
REGIONS = [
    ("330000", "浙江省", "province", None, False),
    ("330100", "杭州市", "city", "330000", False),
    ("330300", "温州市", "city", "330000", False),
    ("330700", "金华市", "city", "330000", False),
    ("330800", "衢州市", "city", "330000", False),
    ("330900", "舟山市", "city", "330000", False),
    ("331000", "台州市", "city", "330000", False),
    ("331100", "丽水市", "city", "330000", False),
    ("330127", "淳安县", "county", "330100", True),
    ("330305", "洞头区", "county", "330300", True),
    ("330324", "永嘉县", "county", "330300", True),
    ("330326", "平阳县", "county", "330300", True),
    ("330327", "苍南县", "county", "330300", True),
    ("330328", "文成县", "county", "330300", True),
    ("330329", "泰顺县", "county", "330300", True),
    ("330723", "武义县", "county", "330700", True),
    ("330727", "磐安县", "county", "330700", True),
    ("330802", "柯城区", "county", "330800", True),
    ("330803", "衢江区", "county", "330800", True),
    ("330822", "常山县", "county", "330800", True),
    ("330824", "开化县", "county", "330800", True),
    ("330825", "龙游县", "county", "330800", True),
    ("330881", "江山市", "county", "330800", True),
    ("330921", "岱山县", "county", "330900", True),
    ("330922", "嵊泗县", "county", "330900", True),
    ("331022", "三门县", "county", "331000", True),
    ("331023", "天台县", "county", "331000", True),
    ("331024", "仙居县", "county", "331000", True),
    ("331102", "莲都区", "county", "331100", True),
    ("331121", "青田县", "county", "331100", True),
    ("331122", "缙云县", "county", "331100", True),
    ("331123", "遂昌县", "county", "331100", True),
    ("331124", "松阳县", "county", "331100", True),
    ("331125", "云和县", "county", "331100", True),
    ("331126", "庆元县", "county", "331100", True),
    ("331127", "景宁畲族自治县", "county", "331100", True),
    ("331181", "龙泉市", "county", "331100", True),
    ("420000", "湖北省", "province", None, False),
    ("420100", "武汉市", "city", "420000", False),
    ("420200", "黄石市", "city", "420000", False),
    ("420300", "十堰市", "city", "420000", False),
    ("420500", "宜昌市", "city", "420000", False),
    ("420600", "襄阳市", "city", "420000", False),
    ("420700", "鄂州市", "city", "420000", False),
    ("420800", "荆门市", "city", "420000", False),
    ("420900", "孝感市", "city", "420000", False),
    ("421000", "荆州市", "city", "420000", False),
    ("421100", "黄冈市", "city", "420000", False),
    ("421200", "咸宁市", "city", "420000", False),
    ("421300", "随州市", "city", "420000", False),
    ("422800", "恩施土家族苗族自治州", "city", "420000", False),
    ("429004", "仙桃市", "city", "420000", False),
    ("429006", "天门市", "city", "420000", False),
    ("420281", "大冶市", "county", "420200", False),
    ("420304", "郧阳区", "county", "420300", False),
    ("420323", "竹山县", "county", "420300", False),
    ("420325", "房县", "county", "420300", False),
    ("420527", "秭归县", "county", "420500", False),
    ("420528", "长阳土家族自治县", "county", "420500", False),
    ("420529", "五峰土家族自治县", "county", "420500", False),
    ("420625", "谷城县", "county", "420600", False),
    ("420626", "保康县", "county", "420600", False),
    ("421122", "红安县", "county", "421100", False),
    ("421123", "罗田县", "county", "421100", False),
    ("421124", "英山县", "county", "421100", False),
    ("421181", "麻城市", "county", "421100", False),
    ("421223", "崇阳县", "county", "421200", False),
    ("421224", "通山县", "county", "421200", False),
    ("422802", "利川市", "county", "422800", False),
    ("422822", "建始县", "county", "422800", False),
    ("422823", "巴东县", "county", "422800", False),
    ("422826", "咸丰县", "county", "422800", False),
    ("422827", "来凤县", "county", "422800", False),
    ("510000", "四川省", "province", None, False),
    ("510100", "成都市", "city", "510000", False),
    ("510104", "锦江区", "county", "510100", False),
    ("510108", "成华区", "county", "510100", False),
    ("510600", "德阳市", "city", "510000", False),
    ("510681", "广汉市", "county", "510600", False),
    ("510683", "绵竹市", "county", "510600", False),
    ("511400", "眉山市", "city", "510000", False),
    ("511402", "东坡区", "county", "511400", False),
    ("511700", "达州市", "city", "510000", False),
    ("511723", "开江县", "county", "511700", False),
    ("440000", "广东省", "province", None, False),
    ("445100", "潮州市", "city", "440000", False),
    ("445102", "湘桥区", "county", "445100", False),
    ("430000", "湖南省", "province", None, False),
    ("430400", "衡阳市", "city", "430000", False),
    ("430408", "蒸湘区", "county", "430400", False),
]
# Townships without a code in the articles: (name, parent county code)
TOWNSHIPS = [
    ("普安镇", "511723"), ("任市镇", "511723"), ("讲治镇", "511723"), ("新宁镇", "511723"),
    ("柳江街道", "510104"), ("呆鹰岭镇", "430408"), ("雨母山镇", "430408"),
    ("联合街道", "430408"),
]

ZHEJIANG_MOUNTAIN_ISLAND = [code for code, *_rest, flag in REGIONS if flag]

# (name, kind, region code) — level follows from the region unless given as a 4th item.
ZHEJIANG_PROVINCIAL_ORGANS = [
    "浙江省农业农村厅", "浙江省发展和改革委员会", "浙江省经济和信息化厅", "浙江省科学技术厅",
    "浙江省财政厅", "浙江省自然资源厅", "浙江省生态环境厅", "浙江省建设厅", "浙江省交通运输厅",
    "浙江省水利厅", "浙江省商务厅", "浙江省文化和旅游厅", "浙江省卫生健康委员会",
    "浙江省市场监督管理局", "浙江省人力资源和社会保障厅", "浙江省教育厅",
]
ZHEJIANG_CENTRAL_UNITS = [
    "中国证券监督管理委员会浙江监管局", "中国人民银行浙江省分行", "国家税务总局浙江省税务局",
    "杭州海关", "国家金融监督管理总局浙江监管局",
]
ZHEJIANG_SOES = [
    "浙江省国际贸易集团", "财通证券股份有限公司", "浙江省能源集团", "浙江省交通投资集团",
    "浙江省机场集团", "浙江省建设投资集团", "浙江省农业投资发展集团", "浙江省旅游投资集团",
]
ZHEJIANG_UNIVERSITIES = [
    "浙江大学", "浙江工业大学", "浙江农林大学", "浙江师范大学", "浙江理工大学", "浙江工商大学",
    "浙江中医药大学", "杭州电子科技大学",
]
ZHEJIANG_INSTITUTES = [
    "浙江省农业科学院", "浙江省水利水电勘测设计院", "浙江省林业科学研究院", "之江实验室",
]

# 湖北专才计划: 69 dispatching units (the article names several; the rest are typical
# provincial organs, central units, universities, institutes, SOEs and banks of Hubei).
HUBEI_DISPATCHING = [
    ("武汉大学", "university"), ("华中科技大学", "university"),
    ("湖北省人民政府驻上海办事处", "provincial_organ"),
    ("湖北省人民政府驻深圳办事处", "provincial_organ"),
    ("东风能迪（杭州）汽车有限公司", "soe"), ("长江证券股份有限公司", "financial_institution"),
    ("湖北省农科院果蔬茶品研究所", "research_institute"),
    ("中国银行黄石分行", "financial_institution"), ("武汉商学院", "university"),
    ("华中农业大学", "university"), ("华中师范大学", "university"),
    ("武汉理工大学", "university"), ("中南财经政法大学", "university"),
    ("中国地质大学（武汉）", "university"), ("湖北大学", "university"),
    ("武汉科技大学", "university"), ("三峡大学", "university"), ("长江大学", "university"),
    ("湖北工业大学", "university"), ("武汉工程大学", "university"), ("江汉大学", "university"),
    ("湖北经济学院", "university"), ("武汉纺织大学", "university"),
    ("湖北中医药大学", "university"),
    ("湖北省农业科学院", "research_institute"), ("湖北省社会科学院", "research_institute"),
    ("湖北省水利水电科学研究院", "research_institute"),
    ("湖北省林业科学研究院", "research_institute"),
    ("中国科学院武汉分院", "research_institute"),
    ("东风汽车集团有限公司", "soe"), ("湖北宏泰集团", "soe"), ("湖北交通投资集团", "soe"),
    ("湖北联投集团", "soe"), ("湖北文化旅游集团", "soe"), ("湖北长江产业投资集团", "soe"),
    ("湖北农业发展集团", "soe"), ("湖北港口集团", "soe"), ("中国信息通信科技集团", "soe"),
    ("湖北省铁路建设投资集团", "soe"),
    ("湖北银行", "financial_institution"), ("汉口银行", "financial_institution"),
    ("天风证券股份有限公司", "financial_institution"),
    ("中国工商银行湖北省分行", "financial_institution"),
    ("中国建设银行湖北省分行", "financial_institution"),
    ("中国农业银行湖北省分行", "financial_institution"),
    ("湖北省农村信用社联合社", "financial_institution"),
    ("湖北省发展和改革委员会", "provincial_organ"), ("湖北省经济和信息化厅", "provincial_organ"),
    ("湖北省科学技术厅", "provincial_organ"), ("湖北省财政厅", "provincial_organ"),
    ("湖北省自然资源厅", "provincial_organ"), ("湖北省生态环境厅", "provincial_organ"),
    ("湖北省住房和城乡建设厅", "provincial_organ"), ("湖北省交通运输厅", "provincial_organ"),
    ("湖北省水利厅", "provincial_organ"), ("湖北省农业农村厅", "provincial_organ"),
    ("湖北省商务厅", "provincial_organ"), ("湖北省文化和旅游厅", "provincial_organ"),
    ("湖北省卫生健康委员会", "provincial_organ"),
    ("湖北省地方金融监督管理局", "provincial_organ"),
    ("中国人民银行武汉分行", "central_unit"), ("湖北证监局", "central_unit"),
    ("国家税务总局湖北省税务局", "central_unit"), ("湖北银保监局", "central_unit"),
    ("武汉海关", "central_unit"), ("国家统计局湖北调查总队", "central_unit"),
    ("湖北省市场监督管理局", "provincial_organ"), ("湖北省教育厅", "provincial_organ"),
    ("湖北省人力资源和社会保障厅", "provincial_organ"),
]
# Nominees per unit that the article gives; every other unit nominates two or three.
HUBEI_NOMINEES_GIVEN = {
    "武汉大学": 8, "华中科技大学": 5, "湖北省人民政府驻上海办事处": 3,
    "湖北省人民政府驻深圳办事处": 2,
}
HUBEI_NOMINATIONS = 155
HUBEI_SELECTED = 104
HUBEI_SELF_MATCHED = 71

# Receiving places of the Hubei batch: (region code, post offered, expertise wanted)
HUBEI_RECEIVING = [
    ("420600", "副市长", "汽车产业"), ("421100", "副市长", "金融"),
    ("420528", "产业顾问", "农业"), ("420281", "副市长", "金融"),
    ("420304", "副区长", "文旅"), ("420500", "副市长", "数字经济"),
    ("422800", "副州长", "文旅"), ("429006", "副市长", "农业"),
    ("420200", "副市长", "工程建设"), ("420300", "副市长", "汽车产业"),
    ("420700", "副市长", "现代物流"), ("420800", "副市长", "数字经济"),
    ("420900", "副市长", "金融"), ("421000", "副市长", "农业"),
    ("421200", "副市长", "医疗卫生"), ("421300", "副市长", "汽车产业"),
    ("429004", "副市长", "数字经济"), ("420323", "副县长", "农业"),
    ("420325", "副县长", "医疗卫生"), ("420527", "副县长", "文旅"),
    ("420529", "产业顾问", "农业"), ("420625", "副县长", "工程建设"),
    ("420626", "副县长", "水利"), ("421122", "副县长", "教育"),
    ("421123", "产业顾问", "农业"), ("421124", "副县长", "文旅"),
    ("421181", "副市长", "金融"), ("421223", "副县长", "水利"),
    ("421224", "副县长", "文旅"), ("422802", "副市长", "数字经济"),
    ("422822", "产业顾问", "农业"), ("422823", "副县长", "现代物流"),
    ("422826", "副县长", "医疗卫生"), ("422827", "副县长", "教育"),
]

# Named people of the articles: (name, home unit, host region code or unit, post, batch)
ZHEJIANG_NAMED = [
    ("张树旗", "浙江省农业农村厅", "330922", "挂职副县长", 1, "农业"),
    ("童春立", "中国证券监督管理委员会浙江监管局", "330800", "挂职副市长", 1, "资本市场"),
    ("曾甄", "浙江省水利水电勘测设计院", "331100", "挂职副市长", 1, "水利"),
    ("莫肖柯", "浙江省国际贸易集团", "330881", "挂职副市长", 1, "现代物流"),
    ("张力群", "财通证券股份有限公司", "330824", "挂职副县长", 2, "金融"),
    ("严少君", "浙江农林大学", "331123", "挂职副县长", 2, "文旅"),
]
HUBEI_NAMED = [
    ("张建友", "东风能迪（杭州）汽车有限公司", "420600", "副市长", "汽车产业"),
    ("张加强", "长江证券股份有限公司", "421100", "副市长", "金融"),
    ("高士伟", "湖北省农科院果蔬茶品研究所", "420528", "产业顾问", "农业"),
    ("肖华亭", "中国银行黄石分行", "420281", "副市长", "金融"),
    ("杨崇君", "武汉商学院", "420304", "副区长", "文旅"),
]

EXPERTISE = [
    "金融", "资本市场", "农业", "水利", "文旅", "数字经济", "医疗卫生", "教育", "城市规划",
    "现代物流", "工程建设", "汽车产业", "信访", "经济信息化", "乡村振兴", "电子商务",
    "基层治理", "招商引资",
]

# China's public holidays (国务院办公厅关于部分节假日安排的通知) for the demo years: days off,
# and weekend days worked in exchange (调休上班). In production, staff keep this calendar in
# the admin (节假日) from each year's notice.
HOLIDAYS = {
    2025: {
        "off": [("2025-01-01", "元旦"),
                *[(f"2025-01-{d}", "春节") for d in (28, 29, 30, 31)],
                *[(f"2025-02-0{d}", "春节") for d in (1, 2, 3, 4)],
                *[(f"2025-04-0{d}", "清明节") for d in (4, 5, 6)],
                *[(f"2025-05-0{d}", "劳动节") for d in (1, 2, 3, 4, 5)],
                ("2025-05-31", "端午节"), ("2025-06-01", "端午节"), ("2025-06-02", "端午节"),
                *[(f"2025-10-0{d}", "国庆节、中秋节") for d in range(1, 9)]],
        "work": [("2025-01-26", "春节调休"), ("2025-02-08", "春节调休"),
                 ("2025-04-27", "劳动节调休"), ("2025-09-28", "国庆节调休"),
                 ("2025-10-11", "国庆节调休")],
    },
    2026: {
        "off": [*[(f"2026-01-0{d}", "元旦") for d in (1, 2, 3)],
                *[(f"2026-02-{d}", "春节") for d in range(15, 24)],
                *[(f"2026-04-0{d}", "清明节") for d in (4, 5, 6)],
                *[(f"2026-05-0{d}", "劳动节") for d in (1, 2, 3, 4, 5)],
                *[(f"2026-06-{d}", "端午节") for d in (19, 20, 21)],
                *[(f"2026-09-{d}", "中秋节") for d in (25, 26, 27)],
                *[(f"2026-10-0{d}", "国庆节") for d in range(1, 8)]],
        "work": [("2026-01-04", "元旦调休"), ("2026-02-14", "春节调休"),
                 ("2026-02-28", "春节调休"), ("2026-05-09", "劳动节调休"),
                 ("2026-09-20", "国庆节调休"), ("2026-10-10", "国庆节调休")],
    },
}

# What a day's diary entry (挂职纪实) says, by category: a few lines, no more.
WORK_LOG_LINES = {
    "research": ["走访辖区{n}家企业，了解用工和融资困难，形成问题清单",
                 "到村（社区）开展调研，听取群众对人居环境整治的意见"],
    "project": ["参加重点项目调度会，协调解决项目用地报批问题",
                "跟进产业园标准厂房建设进度，现场对接施工单位"],
    "investment": ["接待来访客商，介绍园区招商政策并陪同考察",
                   "整理招商项目库，更新{n}个在谈项目进展"],
    "policy": ["对接上级部门，争取专项资金支持，报送项目申报材料",
               "研读新出台的产业扶持政策，起草落实意见"],
    "service": ["参加群众接待日，受理诉求{n}件并跟踪办理",
                "为企业办理政策兑现手续，协调相关部门限时办结"],
    "meeting": ["参加党委（党组）会议，汇报分管工作进展", "参加挂职干部座谈会，交流工作体会"],
    "study": ["参加理论学习中心组学习，撰写学习体会", "学习业务知识，整理挂职工作笔记"],
}
