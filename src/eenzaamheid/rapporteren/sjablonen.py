"""Jinja2-sjablonen in het pakket, met de huisstijl-CSS en Nederlandse getalnotatie."""

from __future__ import annotations

from functools import lru_cache

import jinja2

from ..config import TEMPLATES
from ..huisstijl import laad_huisstijl
from .getallen import getal, procent


@lru_cache(maxsize=1)
def omgeving() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=jinja2.select_autoescape(["html.j2"], default=False),
        trim_blocks=False,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["getal"] = getal
    env.filters["procent"] = procent
    return env


@lru_cache(maxsize=1)
def css() -> str:
    return omgeving().get_template("huisstijl.css.j2").render(s=laad_huisstijl())


def render_sjabloon(naam: str, **waarden) -> str:
    return omgeving().get_template(naam).render(css=jinja2.utils.markupsafe.Markup(css()), **waarden)
