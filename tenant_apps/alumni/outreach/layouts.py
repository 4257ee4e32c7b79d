"""The gallery of ready e-mail layouts (邮件素材). Layouts are ours (trusted HTML with inline
styles, which mail clients need); what staff write goes into `{{ content }}` after nh3 cleaned it.

Placeholders: {{ title }}, {{ content }}, {{ school }}, {{ unsubscribe_url }}."""

from __future__ import annotations

from dataclasses import dataclass

_FOOTER = (
    '<p style="margin:24px 0 0;font-size:12px;color:#8c8c8c;line-height:1.6">您收到此邮件是因为您是{{ school }}校友。'
    '如不希望再收到此类邮件，请<a href="{{ unsubscribe_url }}" style="color:#8c8c8c">点此退订</a>。</p>'
)


@dataclass(frozen=True)
class Layout:
    key: str
    name: str
    description: str
    html: str
    sample: str


LAYOUTS: dict[str, Layout] = {}


def _add(layout: Layout) -> None:
    LAYOUTS[layout.key] = layout


_add(Layout(
    key="plain",
    name="简洁通知",
    description="白底黑字，适合通知、公告",
    html=(
        '<div style="background:#f5f5f5;padding:24px 0"><div style="max-width:600px;margin:0 auto;background:#fff;padding:32px;'
        'font-family:\'PingFang SC\',\'Microsoft YaHei\',sans-serif;color:#262626;font-size:15px;line-height:1.8">'
        '<h1 style="font-size:22px;margin:0 0 16px">{{ title }}</h1>{{ content }}' + _FOOTER + "</div></div>"
    ),
    sample="<p>{{ name }}校友：</p><p>您好！校友会将于下月举办年度理事会，诚邀您拨冗出席。</p>",
))
_add(Layout(
    key="red_banner",
    name="校友红·通讯",
    description="红色页眉，适合校友通讯、活动邀请",
    html=(
        '<div style="background:#f7f2f2;padding:24px 0"><div style="max-width:600px;margin:0 auto;background:#fff;'
        'font-family:\'PingFang SC\',\'Microsoft YaHei\',sans-serif;color:#262626;font-size:15px;line-height:1.8">'
        '<div style="background:#b3141d;color:#fff;padding:20px 32px;font-size:14px;letter-spacing:2px">{{ school }} · 校友通讯</div>'
        '<div style="padding:28px 32px"><h1 style="font-size:22px;margin:0 0 16px;color:#b3141d">{{ title }}</h1>{{ content }}' + _FOOTER + "</div></div></div>"
    ),
    sample="<p>{{ name }}校友：</p><p>母校建校纪念日即将到来，欢迎您回家看看！</p><ul><li>时间：10 月 18 日</li><li>地点：主楼报告厅</li></ul>",
))
_add(Layout(
    key="greeting",
    name="节日祝福",
    description="居中排版，适合节日、生日祝福",
    html=(
        '<div style="background:#fff8f0;padding:32px 0"><div style="max-width:560px;margin:0 auto;background:#fff;padding:40px 32px;text-align:center;'
        'border-top:4px solid #d4a017;font-family:\'PingFang SC\',\'Microsoft YaHei\',serif;color:#3d3d3d;font-size:16px;line-height:2">'
        '<h1 style="font-size:24px;margin:0 0 20px;color:#b3141d">{{ title }}</h1>{{ content }}' + _FOOTER + "</div></div>"
    ),
    sample="<p>{{ name }}校友：</p><p>值此新春佳节，母校全体师生祝您阖家幸福、万事如意！</p>",
))
_add(Layout(
    key="newsletter",
    name="两栏月报",
    description="标题加分隔线，适合月度简报",
    html=(
        '<div style="background:#eef1f5;padding:24px 0"><div style="max-width:640px;margin:0 auto;background:#fff;padding:28px 32px;'
        'font-family:\'PingFang SC\',\'Microsoft YaHei\',sans-serif;color:#262626;font-size:15px;line-height:1.8">'
        '<div style="font-size:13px;color:#8c8c8c">{{ school }}校友会月报</div><h1 style="font-size:22px;margin:4px 0 12px">{{ title }}</h1>'
        '<hr style="border:0;border-top:1px solid #e5e5e5;margin:0 0 16px">{{ content }}' + _FOOTER + "</div></div>"
    ),
    sample="<h2>本月要闻</h2><p>……</p><h2>校友动态</h2><p>……</p>",
))

DEFAULT_LAYOUT = "plain"


def layout_choices() -> list[tuple[str, str]]:
    return [(layout.key, layout.name) for layout in LAYOUTS.values()]
