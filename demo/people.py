"""Deterministic, realistic people for the demo: Chinese names and valid ID numbers."""
import datetime
import random

from cadres.id_numbers import make_id_number

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵"
)
GIVEN_MALE = "伟刚勇毅俊峰强军平保东文辉力明永健世广志义兴良海山仁波宁贵福生龙元全国胜学祥才发武新利清飞彬富顺信子杰涛昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆磊民友裕河哲江超浩亮政谦亨奇固之轮翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以建家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘"  # noqa: E501
GIVEN_FEMALE = "秀娟英华慧巧美娜静淑惠珠翠雅芝玉萍红娥玲芬芳燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛艳瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"  # noqa: E501


# The peoples of the demo's provinces besides the Han: 畲族 in Zhejiang, 土家族 and 苗族 in
# Hubei and Hunan.
MINORITIES = {"33": ("22",), "42": ("15", "06"), "43": ("15", "06")}


def record_of(id_number: str, birth: datetime.date) -> dict:
    """The rest of a 干部任免审批表, drawn from the ID number (its own generator, so that the
    people themselves stay as they were): a start of work after university, party membership
    a year or so before it, the current post and rank some years on."""
    rng = random.Random(id_number)
    started = datetime.date(birth.year + rng.choice((22, 22, 23, 25)), 7, 1)
    minorities = MINORITIES.get(id_number[:2], ())
    post = datetime.date(min(started.year + rng.randint(6, 14), 2024), rng.randint(1, 12), 1)
    reserve = rng.random() < 0.15
    education = rng.choice(("bachelor", "bachelor", "master"))
    inservice = rng.choice(("", "", "master"))
    return {
        "ethnicity": rng.choice(minorities) if minorities and rng.random() < 0.08 else "01",
        "work_start_date": started,
        "party_join_date": datetime.date(started.year - rng.randint(0, 2), rng.randint(1, 6), 1),
        "fulltime_education": education,
        "fulltime_degree": education,  # the degrees' codes match the educations' here
        "inservice_education": inservice,
        "inservice_degree": inservice,
        "current_post_date": post,
        "current_rank_date": post.replace(month=1),
        "is_reserve": reserve,
        "reserve_level": "division_deputy" if reserve else "",
    }


class PersonFactory:
    """Makes people from a seed, so that loading the demo twice makes the same people."""

    def __init__(self, seed: str):
        self.rng = random.Random(seed)
        self.sequence = 0
        self.used: set[str] = set()

    def person(self, region_code: str, gender: str | None = None, born_from=1968, born_to=1992):
        rng = self.rng
        gender = gender or rng.choice(("male", "male", "female"))
        chars = GIVEN_MALE if gender == "male" else GIVEN_FEMALE
        given = "".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2))))
        birth = datetime.date(
            rng.randint(born_from, born_to), rng.randint(1, 12), rng.randint(1, 28)
        )
        while True:
            self.sequence += 1
            # Odd sequence numbers are men, even are women (GB 11643).
            id_number = make_id_number(
                region_code, birth, self.sequence * 2 + (1 if gender == "male" else 0)
            )
            if id_number not in self.used:
                self.used.add(id_number)
                break
        return {
            "name": rng.choice(SURNAMES) + given,
            "gender": gender,
            "birth_date": birth,
            "id_number": id_number,
            "phone": f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}",
            **record_of(id_number, birth),
        }

    def named(self, name: str, region_code: str, gender: str = "male"):
        data = self.person(region_code, gender)
        data["name"] = name
        return data
