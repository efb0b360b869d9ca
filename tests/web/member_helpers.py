"""Reading the member and organization lists' HTML."""

import re


def row_ids(html: str, prefix: str = "member") -> list[int]:
    """Ids of the table rows (<tr id="member-42">) in document order."""
    return [int(i) for i in re.findall(rf'<tr id="{prefix}-(\d+)"', html)]


def link_href(html: str, label: str) -> str:
    """The href of the pager or header link whose text is `label` (HTML entities in it unescaped)."""
    m = re.search(rf'<a href="([^"]+)"[^>]*>\s*{re.escape(label)}', html)
    assert m, f"no link labelled {label!r}"
    return m.group(1).replace("&amp;", "&")
