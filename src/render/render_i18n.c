/* SPDX-License-Identifier: MIT */
/*
 * render_i18n.c - every UI string of the reader site, one table per
 * language (Chinese first: it is the default), plus the date, page and
 * number phrases whose word order differs between the languages.
 */
#include "base/compat.h"

#include "base/date.h"
#include "render/render_int.h"

static const char *const strings_zh[RS__COUNT] = {
    [RS_HTML_LANG] = "zh-CN",
    [RS_SKIP] = "跳到正文",
    [RS_CURRENT_PAGE] = "当前版：",
    [RS_PREV_PAGE] = "上一版",
    [RS_NEXT_PAGE] = "下一版",
    [RS_PREV_ARTICLE] = "上一篇",
    [RS_NEXT_ARTICLE] = "下一篇",
    [RS_LARGER] = "放大",
    [RS_SMALLER] = "缩小",
    [RS_DEFAULT_SIZE] = "默认",
    [RS_TEXT_SIZE] = "字号",
    [RS_CONTENTS] = "标题导航",
    [RS_PAGES] = "版面",
    [RS_THIS_PAGE] = "本版标题",
    [RS_PAST_ISSUES] = "往期阅读",
    [RS_PREV_ISSUE] = "上一期",
    [RS_NEXT_ISSUE] = "下一期",
    [RS_PDF] = "下载本版PDF",
    [RS_PAGE_NAV] = "版面导航",
    [RS_ARTICLE_NAV] = "文章导航",
    [RS_ZONES] = "本版文章热区",
    [RS_BLOCK_ZONES] = "本版文字块",
    [RS_SKIP_BLOCKS] = "跳过本版文字块",
    [RS_PAGE_TEXT] = "本版文字版",
    [RS_PAGE_IMAGE] = "版面图",
    [RS_NO_ARTICLES] = "本版没有文章。",
    [RS_LANG_SWITCH] = "English",
    [RS_LANG_SWITCH_TAG] = "en",
    [RS_LANG_SWITCH_Q] = "?lang=en",
    [RS_NOT_FOUND_TITLE] = "页面未找到",
    [RS_NOT_FOUND_TEXT] = "找不到您要的内容：",
    [RS_LATEST_ISSUE] = "最新一期",
    [RS_HOME] = "首页",
    [RS_HOME_TITLE] = "数字报",
    [RS_NO_ISSUES] = "暂无已出版的报纸。",
    [RS_ERROR_TITLE] = "出错了",
    [RS_ERROR_400] = "请求无效。",
    [RS_ERROR_500] = "服务器内部错误，请稍后再试。",
    [RS_PREV_MONTH] = "上个月",
    [RS_NEXT_MONTH] = "下个月",
    [RS_CALENDAR_NAV] = "月份导航",
    [RS_FOOTER] = "数字报由 folio 生成",
    [RS_PAGE_OF_ARTICLE] = "所在版面",
    [RS_THUMBS] = "版面缩略图",
    [RS_ISSUE_PDF] = "下载全部版面PDF",
    [RS_SPREAD_ON] = "双版阅读",
    [RS_SPREAD_OFF] = "单版阅读",
    [RS_ZOOM_IN] = "放大版面",
    [RS_ZOOM_OUT] = "缩小版面",
    [RS_ZOOM_HOME] = "整版",
    [RS_VIEWER_TOOLS] = "版面缩放",
    [RS_PAGE_TOOLS] = "下载与阅读方式",
    [RS_SEARCH] = "搜索",
    [RS_SEARCH_LABEL] = "搜索本站报纸",
    [RS_SEARCH_PLACEHOLDER] = "搜索：民生、人名、G20峰会",
    [RS_SEARCH_TITLE] = "搜索",
    [RS_SEARCH_EMPTY] = "请输入要搜索的词语。",
    [RS_SEARCH_NONE] = "没有找到相关文章。",
    [RS_SEARCH_FILTERS] = "筛选",
    [RS_SEARCH_PAPER] = "报纸",
    [RS_SEARCH_ALL_PAPERS] = "全部报纸",
    [RS_SEARCH_FROM] = "起始日期",
    [RS_SEARCH_TO] = "截止日期",
    [RS_SEARCH_PAGENAME] = "版次或版名",
    [RS_SEARCH_BYLINE] = "作者",
    [RS_SEARCH_MD] = "历史上的今天（月-日）",
    [RS_SEARCH_SORT] = "排序",
    [RS_SEARCH_SORT_RELEVANCE] = "按相关度",
    [RS_SEARCH_SORT_DATE] = "按日期（新到旧）",
    [RS_SEARCH_BY_YEAR] = "按年份",
    [RS_SEARCH_BY_PAPER] = "按报纸",
    [RS_SEARCH_RESULTS] = "搜索结果",
    [RS_SEARCH_PAGINATION] = "结果分页",
    [RS_SEARCH_PREV] = "上一页",
    [RS_SEARCH_NEXT] = "下一页",
    [RS_SEARCH_FEED] = "订阅此搜索（Atom）",
    [RS_SEARCH_INVALID] = "无法执行这个搜索：",
    [RS_SEARCH_HITS_ON_PAGE] = "检索词在版面上的位置",
};

static const char *const strings_en[RS__COUNT] = {
    [RS_HTML_LANG] = "en",
    [RS_SKIP] = "Skip to content",
    [RS_CURRENT_PAGE] = "Page: ",
    [RS_PREV_PAGE] = "Previous page",
    [RS_NEXT_PAGE] = "Next page",
    [RS_PREV_ARTICLE] = "Previous article",
    [RS_NEXT_ARTICLE] = "Next article",
    [RS_LARGER] = "Larger",
    [RS_SMALLER] = "Smaller",
    [RS_DEFAULT_SIZE] = "Default",
    [RS_TEXT_SIZE] = "Text size",
    [RS_CONTENTS] = "Contents",
    [RS_PAGES] = "Pages",
    [RS_THIS_PAGE] = "On this page",
    [RS_PAST_ISSUES] = "Past issues",
    [RS_PREV_ISSUE] = "Previous issue",
    [RS_NEXT_ISSUE] = "Next issue",
    [RS_PDF] = "Download page PDF",
    [RS_PAGE_NAV] = "Page navigation",
    [RS_ARTICLE_NAV] = "Article navigation",
    [RS_ZONES] = "Articles on this page",
    [RS_BLOCK_ZONES] = "Text blocks on this page",
    [RS_SKIP_BLOCKS] = "Skip the text blocks",
    [RS_PAGE_TEXT] = "Text of this page",
    [RS_PAGE_IMAGE] = "Page image",
    [RS_NO_ARTICLES] = "There are no articles on this page.",
    [RS_LANG_SWITCH] = "中文",
    [RS_LANG_SWITCH_TAG] = "zh-CN",
    [RS_LANG_SWITCH_Q] = "?lang=zh",
    [RS_NOT_FOUND_TITLE] = "Page not found",
    [RS_NOT_FOUND_TEXT] = "We could not find: ",
    [RS_LATEST_ISSUE] = "Latest issue",
    [RS_HOME] = "Home",
    [RS_HOME_TITLE] = "Digital editions",
    [RS_NO_ISSUES] = "No issues yet.",
    [RS_ERROR_TITLE] = "Something went wrong",
    [RS_ERROR_400] = "The request was not valid.",
    [RS_ERROR_500] = "Internal server error. Please try again later.",
    [RS_PREV_MONTH] = "Previous month",
    [RS_NEXT_MONTH] = "Next month",
    [RS_CALENDAR_NAV] = "Month navigation",
    [RS_FOOTER] = "Digital edition published with folio",
    [RS_PAGE_OF_ARTICLE] = "On page",
    [RS_THUMBS] = "All pages",
    [RS_ISSUE_PDF] = "Whole issue (PDF)",
    [RS_SPREAD_ON] = "Two pages",
    [RS_SPREAD_OFF] = "One page",
    [RS_ZOOM_IN] = "Zoom in",
    [RS_ZOOM_OUT] = "Zoom out",
    [RS_ZOOM_HOME] = "Whole page",
    [RS_VIEWER_TOOLS] = "Page zoom",
    [RS_PAGE_TOOLS] = "Downloads and view",
    [RS_SEARCH] = "Search",
    [RS_SEARCH_LABEL] = "Search the newspapers",
    [RS_SEARCH_PLACEHOLDER] = "e.g. G20 summit",
    [RS_SEARCH_TITLE] = "Search",
    [RS_SEARCH_EMPTY] = "Type a word to search for.",
    [RS_SEARCH_NONE] = "No articles found.",
    [RS_SEARCH_FILTERS] = "Filters",
    [RS_SEARCH_PAPER] = "Paper",
    [RS_SEARCH_ALL_PAPERS] = "All papers",
    [RS_SEARCH_FROM] = "From",
    [RS_SEARCH_TO] = "To",
    [RS_SEARCH_PAGENAME] = "Page number or name",
    [RS_SEARCH_BYLINE] = "Byline",
    [RS_SEARCH_MD] = "On this day (MM-DD)",
    [RS_SEARCH_SORT] = "Sort",
    [RS_SEARCH_SORT_RELEVANCE] = "By relevance",
    [RS_SEARCH_SORT_DATE] = "By date (newest first)",
    [RS_SEARCH_BY_YEAR] = "By year",
    [RS_SEARCH_BY_PAPER] = "By paper",
    [RS_SEARCH_RESULTS] = "Search results",
    [RS_SEARCH_PAGINATION] = "Result pages",
    [RS_SEARCH_PREV] = "Previous",
    [RS_SEARCH_NEXT] = "Next",
    [RS_SEARCH_FEED] = "Follow this search (Atom)",
    [RS_SEARCH_INVALID] = "This search cannot be run: ",
    [RS_SEARCH_HITS_ON_PAGE] = "Search terms on the page",
};

static const char *const weekday_zh[7] = { "星期一", "星期二", "星期三",
                                           "星期四", "星期五", "星期六",
                                           "星期日" };
static const char *const weekday_en[7] = { "Monday",   "Tuesday", "Wednesday",
                                           "Thursday", "Friday",  "Saturday",
                                           "Sunday" };
static const char *const wd_short_zh[7] = { "一", "二", "三", "四",
                                            "五", "六", "日" };
static const char *const wd_short_en[7] = { "Mon", "Tue", "Wed", "Thu",
                                            "Fri", "Sat", "Sun" };
static const char *const month_zh[12] = { "1月", "2月",  "3月",  "4月",
                                          "5月", "6月",  "7月",  "8月",
                                          "9月", "10月", "11月", "12月" };
static const char *const month_en[12] = { "January", "February", "March",
                                          "April",   "May",      "June",
                                          "July",    "August",   "September",
                                          "October", "November", "December" };

const char *render_str(enum render_lang lang, enum render_str id)
{
    if ((int)id < 0 || id >= RS__COUNT)
        BUG("string id %d out of range", (int)id);
    return lang == RENDER_LANG_EN ? strings_en[id] : strings_zh[id];
}

const char *render_weekday(enum render_lang lang, int wd)
{
    if (wd < 0 || wd > 6)
        BUG("weekday %d out of range", wd);
    return lang == RENDER_LANG_EN ? weekday_en[wd] : weekday_zh[wd];
}

const char *render_weekday_short(enum render_lang lang, int wd)
{
    if (wd < 0 || wd > 6)
        BUG("weekday %d out of range", wd);
    return lang == RENDER_LANG_EN ? wd_short_en[wd] : wd_short_zh[wd];
}

const char *render_month_name(enum render_lang lang, int month)
{
    if (month < 1 || month > 12)
        BUG("month %d out of range", month);
    return lang == RENDER_LANG_EN ? month_en[month - 1] : month_zh[month - 1];
}

void render_page_label(struct buf *out, enum render_lang lang, int number)
{
    if (lang == RENDER_LANG_EN)
        buf_addf(out, "Page %02d", number);
    else
        buf_addf(out, "第%02d版", number);
}

void render_page_short(struct buf *out, enum render_lang lang, int number)
{
    if (lang == RENDER_LANG_EN)
        buf_addf(out, "Page %02d", number);
    else
        buf_addf(out, "%02d版", number);
}

void render_continues(struct buf *out,
                      enum render_lang lang,
                      int number,
                      bool to)
{
    if (lang == RENDER_LANG_EN)
        buf_addf(out, "%s page %02d", to ? "Continued on" : "Continued from",
                 number);
    else
        buf_addf(out, "%s第%02d版", to ? "转" : "上接", number);
}

void render_long_date(struct buf *out, enum render_lang lang, const char *date)
{
    struct date d;

    if (date == NULL || !date_parse(date, strlen(date), &d)) {
        html_text(out, date);
        return;
    }
    if (lang == RENDER_LANG_EN)
        buf_addf(out, "%s, %d %s %d", weekday_en[date_weekday(&d)], d.day,
                 month_en[d.month - 1], d.year);
    else
        buf_addf(out, "%d年%d月%d日 %s", d.year, d.month, d.day,
                 weekday_zh[date_weekday(&d)]);
}

void render_month_label(struct buf *out,
                        enum render_lang lang,
                        int year,
                        int month)
{
    if (lang == RENDER_LANG_EN)
        buf_addf(out, "%s %d", render_month_name(lang, month), year);
    else
        buf_addf(out, "%d年%d月", year, month);
}

void render_issue_number(struct buf *out,
                         enum render_lang lang,
                         long long number)
{
    if (lang == RENDER_LANG_EN)
        buf_addf(out, "No. %lld", number);
    else
        buf_addf(out, "第%lld期", number);
}
