"""Reading the app's HTML in tests with the standard library's html.parser: elements are found by tag and
attributes, never by how the attributes happen to be written (their order, their quotes, extra ones).

    element_by_id(html, "member-table")        # an Element: .tag, .attrs, .outer_html, .text, .find_all()
    element(html, "member-table")              # its outer HTML as the page has it
    attrs_of(html, "member-form")              # {"id": "member-form", "method": "post", ...}
    text_of(html)                              # the text, white space folded
    input_value(html, "version")               # "3"
    select_options(html, "employer_id")        # [("", "Any employer", False), ("7", "Acme Electric", True)]
    form_values(html, "member-filters")         # {"q": "par", "sort": "card", ...}: what the form submits
    row_ids(html, "member")                    # [42, 7] from <tr id="member-42">, <tr id="member-7">
    link_href(html, "Next")                    # the href of the first link whose text starts with "Next"
    csrf_token(html)                           # the content of <meta name="csrf-token">
    field_errors(html, "email")                # the text of <ul id="email-errors">
"""

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

# Elements that have no end tag.
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}


@dataclass(eq=False)
class Element:
    tag: str
    attrs: dict[str, str]  # a boolean attribute (<option selected>) has the value ""
    source: str
    start: int
    end: int = -1
    parent: "Element | None" = None
    children: list["Element | str"] = field(default_factory=list)

    @property
    def outer_html(self) -> str:
        """The element as the page has it, from its start tag to its end tag."""
        return self.source[self.start : self.end]

    @property
    def text(self) -> str:
        """Its text (character references decoded), a space at each tag, white space folded."""
        return " ".join("".join(self._pieces()).split())

    def _pieces(self):
        for child in self.children:
            if isinstance(child, str):
                yield child
            else:
                yield " "
                yield from child._pieces()
                yield " "

    def iter(self):
        """This element and every element inside it, in document order."""
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str | None = None, attrs: dict[str, str | None] | None = None) -> list["Element"]:
        """The elements inside this one (itself included) with this tag and these attributes (None: present,
        any value)."""
        return [
            el
            for el in self.iter()
            if el.tag != "#document"
            and (tag is None or el.tag == tag)
            and all(
                name in el.attrs and (value is None or el.attrs[name] == value) for name, value in (attrs or {}).items()
            )
        ]

    def find(self, tag: str | None = None, attrs: dict[str, str | None] | None = None) -> "Element | None":
        found = self.find_all(tag, attrs)
        return found[0] if found else None


class _TreeBuilder(HTMLParser):
    def __init__(self, source: str):
        super().__init__(convert_charrefs=True)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.root = Element("#document", {}, source, 0, len(source))
        self.open = [self.root]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.line_starts[line - 1] + column

    def handle_starttag(self, tag, attrs):
        start = self._offset()
        element = Element(tag, {k: "" if v is None else v for k, v in attrs}, self.source, start, parent=self.open[-1])
        self.open[-1].children.append(element)
        if tag in VOID:
            element.end = start + len(self.get_starttag_text())
        else:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:  # <div/>: closed at once
            self.open.pop().end = self._offset() + len(self.get_starttag_text())

    def handle_endtag(self, tag):
        if not any(el.tag == tag for el in self.open[1:]):
            return  # a stray end tag
        end = self.source.index(">", self._offset()) + 1
        while True:  # elements left open inside this one (<li> without </li>) end here too
            element = self.open.pop()
            element.end = end
            if element.tag == tag:
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)

    def close(self):
        super().close()
        for element in self.open[1:]:
            element.end = len(self.source)
        return self.root


def parse(html: str) -> Element:
    """The document (or fragment) as a tree; the root is a "#document" element holding it all."""
    builder = _TreeBuilder(html)
    builder.feed(html)
    return builder.close()


def _root(html: "str | Element") -> Element:
    return html if isinstance(html, Element) else parse(html)


def element_by_id(html: "str | Element", element_id: str) -> Element:
    found = _root(html).find(attrs={"id": element_id})
    assert found is not None, f'no element with id="{element_id}" in:\n{str(html)[:3000]}'
    return found


def element(html: "str | Element", element_id: str) -> str:
    """The outer HTML of the element with this id, as the page has it."""
    return element_by_id(html, element_id).outer_html


def attrs_of(html: "str | Element", element_id: str) -> dict[str, str]:
    return element_by_id(html, element_id).attrs


def text_of(html: "str | Element") -> str:
    """The text of a page, fragment or element, white space folded (tags count as white space)."""
    return _root(html).text


def field_errors(html: str, field_name: str) -> str:
    """The text of a field's error list (<ul id="<field>-errors">), as drawn by the field() macro."""
    return text_of(element_by_id(html, f"{field_name}-errors"))


def input_attrs(html: "str | Element", name: str) -> dict[str, str]:
    """The attributes of the first <input name=...>."""
    found = _root(html).find("input", {"name": name})
    assert found is not None, f"no input named {name}"
    return found.attrs


def input_value(html: "str | Element", name: str) -> str:
    return input_attrs(html, name).get("value", "")


def select_options(html: "str | Element", select_id: str) -> list[tuple[str, str, bool]]:
    """(value, label, selected) of each option of the select with this id."""
    return [
        (option.attrs.get("value", option.text), option.text, "selected" in option.attrs)
        for option in element_by_id(html, select_id).find_all("option")
    ]


def form_values(html: "str | Element", form_id: str) -> dict[str, str]:
    """What a GET form submits: the named inputs (no buttons) and selects inside it, and those elsewhere that
    name it in their form attribute, as the browser gathers them; the last of two with one name wins."""
    root = _root(html)
    form = element_by_id(root, form_id)
    owned = {id(el) for el in form.iter()}
    values = {}
    for el in root.find_all(attrs={"name": None}):
        if el.tag not in ("input", "select", "textarea"):
            continue
        if el.attrs.get("form", form_id if id(el) in owned else None) != form_id:
            continue
        if el.tag == "input" and el.attrs.get("type") in ("submit", "button", "reset"):
            continue
        if el.tag == "select":
            options = el.find_all("option")
            chosen = [o for o in options if "selected" in o.attrs] or options[:1]
            values[el.attrs["name"]] = chosen[0].attrs.get("value", chosen[0].text) if chosen else ""
        else:
            values[el.attrs["name"]] = el.attrs.get("value", "")
    return values


def row_ids(html: "str | Element", prefix: str = "member") -> list[int]:
    """Ids of the table rows (<tr id="member-42">) in document order."""
    pattern = re.compile(rf"{re.escape(prefix)}-(\d+)")
    return [
        int(m.group(1)) for tr in _root(html).find_all("tr", {"id": None}) if (m := pattern.fullmatch(tr.attrs["id"]))
    ]


def rows_by_id(html: "str | Element", prefix: str) -> dict[int, Element]:
    """The table rows <tr id="<prefix>-42"> by their number."""
    pattern = re.compile(rf"{re.escape(prefix)}-(\d+)")
    return {
        int(m.group(1)): tr
        for tr in _root(html).find_all("tr", {"id": None})
        if (m := pattern.fullmatch(tr.attrs["id"]))
    }


def links(html: "str | Element") -> list[Element]:
    """The <a href> elements, in document order."""
    return _root(html).find_all("a", {"href": None})


def link_href(html: "str | Element", label: str) -> str:
    """The href of the first link whose text starts with `label` (character references decoded)."""
    for link in links(html):
        if link.text.startswith(label):
            return link.attrs["href"]
    raise AssertionError(f"no link labelled {label!r}")


def csrf_token(html: "str | Element") -> str:
    meta = _root(html).find("meta", {"name": "csrf-token"})
    assert meta is not None and meta.attrs.get("content"), "page has no csrf-token meta"
    return meta.attrs["content"]


def starts_with_element(html: str, tag: str, element_id: str) -> bool:
    """Whether the fragment begins, after white space only, with this element (<section id="member-table">)."""
    for child in parse(html).children:
        if isinstance(child, str):
            if child.strip():
                return False
            continue
        return child.tag == tag and child.attrs.get("id") == element_id
    return False
